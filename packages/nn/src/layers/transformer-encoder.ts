import { ValueError, describe, type Tensor } from '@nabla/autograd';
import { intArg, options } from '../check.js';
import { ModuleList } from '../containers.js';
import { Module } from '../module.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { MultiheadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { LayerNorm } from './normalization.js';
import { LAYER_KEYS, activate, checkSequence, layerConfig, type LayerConfig, type TransformerLayerOptions } from './transformer-common.js';

/** Options of `TransformerEncoderLayer.forward` (PyTorch's src_mask, src_key_padding_mask, is_causal). */
export interface EncoderLayerForwardOptions {
  /** [L, L] or [N * nhead, L, L]: int32 with 1 = may not attend, or float added to the scores. */
  srcMask?: Tensor | null;
  /** Shape [N, L], int32 with 1 = padding (ignored as a key), or float added. */
  srcKeyPaddingMask?: Tensor | null;
  /** Causal self-attention (position i sees j <= i); without other masks no mask is built. */
  isCausal?: boolean;
}

const LAYER_FORWARD_KEYS = keysOf<EncoderLayerForwardOptions>({ srcMask: true, srcKeyPaddingMask: true, isCausal: true });

/**
 * One Transformer encoder block (PyTorch's nn.TransformerEncoderLayer): self-attention and a feed-forward
 * block linear2(dropout(activation(linear1(x)))), each with dropout and a residual connection, LayerNorm after
 * each residual add (or before each block with normFirst). PyTorch's defaults (dimFeedforward 2048, dropout
 * 0.1, relu, eps 1e-5, [L, N, E] layout) and state-dict names (self_attn.*, linear1, linear2, norm1, norm2).
 * @example
 * const layer = new TransformerEncoderLayer(64, 4, { dimFeedforward: 128, batchFirst: true });
 * layer.forward(x, { isCausal: true }); // x [N, L, 64] -> [N, L, 64]
 */
export class TransformerEncoderLayer extends Module {
  /** Model width E. */
  readonly dModel: number;
  /** Attention heads. */
  readonly nhead: number;
  /** Self-attention (PyTorch's `self_attn`). */
  self_attn: MultiheadAttention;
  /** First feed-forward layer, dModel -> dimFeedforward. */
  linear1: Linear;
  /** Dropout inside the feed-forward block. */
  dropout: Dropout;
  /** Second feed-forward layer, dimFeedforward -> dModel. */
  linear2: Linear;
  /** LayerNorm around the self-attention block. */
  norm1: LayerNorm;
  /** LayerNorm around the second block. */
  norm2: LayerNorm;
  /** Dropout after self-attention. */
  dropout1: Dropout;
  /** Dropout after the second block. */
  dropout2: Dropout;
  declare private readonly cfg: LayerConfig;

  constructor(dModel: number, nhead: number, opts?: TransformerLayerOptions) {
    super();
    const op = 'TransformerEncoderLayer';
    const c = layerConfig(op, dModel, nhead, checkOptionKeys(op, opts, LAYER_KEYS));
    Object.defineProperty(this, 'cfg', { value: c, enumerable: false });
    this.dModel = dModel;
    this.nhead = nhead;
    const { dtype, generator, bias } = c;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: c.dropout, bias, batchFirst: c.batchFirst, dtype, generator });
    this.linear1 = new Linear(dModel, c.dimFeedforward, { bias, dtype, generator });
    this.dropout = new Dropout({ p: c.dropout, generator });
    this.linear2 = new Linear(c.dimFeedforward, dModel, { bias, dtype, generator });
    this.norm1 = new LayerNorm(dModel, { eps: c.layerNormEps, bias, dtype });
    this.norm2 = new LayerNorm(dModel, { eps: c.layerNormEps, bias, dtype });
    this.dropout1 = new Dropout({ p: c.dropout, generator });
    this.dropout2 = new Dropout({ p: c.dropout, generator });
  }

  /** src [L, N, E] ([N, L, E] with batchFirst; unbatched [L, E]) -> the same shape. */
  forward(src: Tensor, opts?: EncoderLayerForwardOptions): Tensor {
    const op = `TransformerEncoderLayer(dModel=${this.dModel}, nhead=${this.nhead})`;
    const o = checkOptionKeys(op, opts, LAYER_FORWARD_KEYS);
    let x = checkSequence(op, 'src', src, this.dModel, this.cfg.batchFirst);
    const sa = (h: Tensor) =>
      this.dropout1.forward(this.self_attn.forward(h, h, h, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal, needWeights: false })[0]);
    const ff = (h: Tensor) => this.dropout2.forward(this.linear2.forward(this.dropout.forward(activate(this.cfg.activation, this.linear1.forward(h)))));
    if (this.cfg.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      return x.add(ff(this.norm2.forward(x)));
    }
    x = this.norm1.forward(x.add(sa(x)));
    return this.norm2.forward(x.add(ff(x)));
  }

  /** @internal A fresh layer with the same configuration and a copy of the weights (PyTorch's deepcopy). */
  _copy(): TransformerEncoderLayer {
    const { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator } = this.cfg;
    const c = new TransformerEncoderLayer(this.dModel, this.nhead, { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator });
    c.loadStateDict(this.stateDict());
    return c.train(this.training);
  }

  override extraRepr(): string {
    const c = this.cfg;
    return `dModel=${this.dModel}, nhead=${this.nhead}, dimFeedforward=${c.dimFeedforward}, dropout=${c.dropout}, normFirst=${c.normFirst}, batchFirst=${c.batchFirst}`;
  }
}

/** Options of `TransformerEncoder`. */
export interface TransformerEncoderOptions {
  /** A final normalisation applied to the output (PyTorch's `norm`, e.g. a LayerNorm), or null. */
  norm?: Module | null;
}

/** Options of `TransformerEncoder.forward` (PyTorch's mask, src_key_padding_mask, is_causal). */
export interface EncoderForwardOptions {
  /** The srcMask of every layer. */
  mask?: Tensor | null;
  /** The srcKeyPaddingMask of every layer. */
  srcKeyPaddingMask?: Tensor | null;
  /** Causal self-attention in every layer. */
  isCausal?: boolean;
}

const ENCODER_FORWARD_KEYS = keysOf<EncoderForwardOptions>({ mask: true, srcKeyPaddingMask: true, isCausal: true });

/**
 * A stack of `numLayers` copies of `encoderLayer` (PyTorch's nn.TransformerEncoder: each copy starts with the
 * given layer's weights, as deepcopy does), then the optional `norm`. Names: layers.0.self_attn.in_proj_weight, ...
 * @example
 * const enc = new TransformerEncoder(new TransformerEncoderLayer(32, 4, { batchFirst: true }), 2);
 * enc.forward(x, { srcKeyPaddingMask: pad }); // x [N, L, 32] -> [N, L, 32]
 */
export class TransformerEncoder extends Module {
  /** The layers (`layers.0`, `layers.1`, ...), each a copy of the given layer. */
  layers: ModuleList;
  /** The final normalisation, or null. */
  norm: Module | null;
  /** Number of layers. */
  readonly numLayers: number;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, opts?: TransformerEncoderOptions) {
    super();
    const op = 'TransformerEncoder';
    if (!(encoderLayer instanceof TransformerEncoderLayer)) throw new ValueError(`${op}: encoderLayer must be a TransformerEncoderLayer, got ${describe(encoderLayer)}`);
    this.numLayers = intArg(op, 'numLayers', numLayers, 1);
    const o = checkOptionKeys(op, options(op, opts), keysOf<TransformerEncoderOptions>({ norm: true }));
    if (o.norm != null && !(o.norm instanceof Module)) throw new ValueError(`${op}: norm must be a Module or null, got ${describe(o.norm)}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer._copy()));
    this.norm = o.norm ?? null;
  }

  /** src through every layer, then `norm`. */
  forward(src: Tensor, opts?: EncoderForwardOptions): Tensor {
    const o = checkOptionKeys('TransformerEncoder', opts, ENCODER_FORWARD_KEYS);
    let x = src;
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer).forward(x, { srcMask: o.mask, srcKeyPaddingMask: o.srcKeyPaddingMask, isCausal: o.isCausal });
    return this.norm ? (this.norm.forward(x) as Tensor) : x;
  }
}
