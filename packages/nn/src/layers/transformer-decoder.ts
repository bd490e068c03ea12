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

/** Options of the decoder's forward (PyTorch's tgt_mask, memory_mask, ..., tgt_is_causal, memory_is_causal). */
export interface DecoderForwardOptions {
  /** Self-attention mask [T, T] (int32 1 = may not attend, or float added). */
  tgtMask?: Tensor | null;
  /** Cross-attention mask [T, S]. */
  memoryMask?: Tensor | null;
  /** Shape [N, T], int32 with 1 = padded target position. */
  tgtKeyPaddingMask?: Tensor | null;
  /** Shape [N, S], int32 with 1 = padded memory position. */
  memoryKeyPaddingMask?: Tensor | null;
  /** Causal self-attention (target i sees targets j <= i), without building a mask when there is no other. */
  tgtIsCausal?: boolean;
  /** Causal cross-attention (rarely wanted). */
  memoryIsCausal?: boolean;
}

export const DECODER_FORWARD_KEYS = keysOf<DecoderForwardOptions>({
  tgtMask: true, memoryMask: true, tgtKeyPaddingMask: true, memoryKeyPaddingMask: true, tgtIsCausal: true, memoryIsCausal: true,
});

/**
 * One Transformer decoder block (PyTorch's nn.TransformerDecoderLayer): self-attention over the target,
 * cross-attention to the encoder's `memory`, then the feed-forward block; dropout and a residual add around
 * each, LayerNorm after each add (or before each block with normFirst). State-dict names self_attn.*,
 * multihead_attn.*, linear1, linear2, norm1, norm2, norm3.
 * @example
 * const layer = new TransformerDecoderLayer(32, 4, { batchFirst: true });
 * layer.forward(tgt, memory, { tgtIsCausal: true }); // tgt [N, T, 32], memory [N, S, 32] -> [N, T, 32]
 */
export class TransformerDecoderLayer extends Module {
  /** Model width E. */
  readonly dModel: number;
  /** Attention heads. */
  readonly nhead: number;
  /** Self-attention (PyTorch's `self_attn`). */
  self_attn: MultiheadAttention;
  /** Cross-attention to the memory (PyTorch's `multihead_attn`). */
  multihead_attn: MultiheadAttention;
  /** First feed-forward layer, dModel -> dimFeedforward. */
  linear1: Linear;
  /** Dropout inside the feed-forward block. */
  dropout: Dropout;
  /** Second feed-forward layer, dimFeedforward -> dModel. */
  linear2: Linear;
  /** LayerNorm around the self-attention block. */
  norm1: LayerNorm;
  /** LayerNorm around the cross-attention block. */
  norm2: LayerNorm;
  /** LayerNorm around the feed-forward block. */
  norm3: LayerNorm;
  /** Dropout after self-attention. */
  dropout1: Dropout;
  /** Dropout after cross-attention. */
  dropout2: Dropout;
  /** Dropout after the feed-forward block. */
  dropout3: Dropout;
  declare private readonly cfg: LayerConfig;

  constructor(dModel: number, nhead: number, opts?: TransformerLayerOptions) {
    super();
    const op = 'TransformerDecoderLayer';
    const c = layerConfig(op, dModel, nhead, checkOptionKeys(op, opts, LAYER_KEYS));
    Object.defineProperty(this, 'cfg', { value: c, enumerable: false });
    this.dModel = dModel;
    this.nhead = nhead;
    const { dtype, generator, bias } = c;
    const attn = () => new MultiheadAttention(dModel, nhead, { dropout: c.dropout, bias, batchFirst: c.batchFirst, dtype, generator });
    const norm = () => new LayerNorm(dModel, { eps: c.layerNormEps, bias, dtype });
    const drop = () => new Dropout({ p: c.dropout, generator });
    this.self_attn = attn();
    this.multihead_attn = attn();
    this.linear1 = new Linear(dModel, c.dimFeedforward, { bias, dtype, generator });
    this.dropout = drop();
    this.linear2 = new Linear(c.dimFeedforward, dModel, { bias, dtype, generator });
    [this.norm1, this.norm2, this.norm3] = [norm(), norm(), norm()];
    [this.dropout1, this.dropout2, this.dropout3] = [drop(), drop(), drop()];
  }

  /** tgt [T, N, E] and memory [S, N, E] ([N, ·, E] with batchFirst; unbatched [T, E], [S, E]) -> like tgt. */
  forward(tgt: Tensor, memory: Tensor, opts?: DecoderForwardOptions): Tensor {
    const op = `TransformerDecoderLayer(dModel=${this.dModel}, nhead=${this.nhead})`;
    const o = checkOptionKeys(op, opts, DECODER_FORWARD_KEYS);
    let x = checkSequence(op, 'tgt', tgt, this.dModel, this.cfg.batchFirst);
    const mem = checkSequence(op, 'memory', memory, this.dModel, this.cfg.batchFirst);
    const sa = (h: Tensor) =>
      this.dropout1.forward(this.self_attn.forward(h, h, h, { attnMask: o.tgtMask, keyPaddingMask: o.tgtKeyPaddingMask, isCausal: o.tgtIsCausal, needWeights: false })[0]);
    const ca = (h: Tensor) =>
      this.dropout2.forward(this.multihead_attn.forward(h, mem, mem, { attnMask: o.memoryMask, keyPaddingMask: o.memoryKeyPaddingMask, isCausal: o.memoryIsCausal, needWeights: false })[0]);
    const ff = (h: Tensor) => this.dropout3.forward(this.linear2.forward(this.dropout.forward(activate(this.cfg.activation, this.linear1.forward(h)))));
    if (this.cfg.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(ca(this.norm2.forward(x)));
      return x.add(ff(this.norm3.forward(x)));
    }
    x = this.norm1.forward(x.add(sa(x)));
    x = this.norm2.forward(x.add(ca(x)));
    return this.norm3.forward(x.add(ff(x)));
  }

  /** @internal A fresh layer with the same configuration and a copy of the weights (PyTorch's deepcopy). */
  _copy(): TransformerDecoderLayer {
    const { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator } = this.cfg;
    const c = new TransformerDecoderLayer(this.dModel, this.nhead, { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator });
    c.loadStateDict(this.stateDict());
    return c.train(this.training);
  }

  override extraRepr(): string {
    const c = this.cfg;
    return `dModel=${this.dModel}, nhead=${this.nhead}, dimFeedforward=${c.dimFeedforward}, dropout=${c.dropout}, normFirst=${c.normFirst}, batchFirst=${c.batchFirst}`;
  }
}

/** Options of `TransformerDecoder`. */
export interface TransformerDecoderOptions {
  /** A final normalisation applied to the output (PyTorch's `norm`), or null. */
  norm?: Module | null;
}

/**
 * A stack of `numLayers` copies of `decoderLayer` (PyTorch's nn.TransformerDecoder; copies start from the given
 * layer's weights), then the optional `norm`. Names: layers.0.multihead_attn.in_proj_weight, ...
 * @example
 * const dec = new TransformerDecoder(new TransformerDecoderLayer(32, 4), 2);
 * dec.forward(tgt, memory, { tgtIsCausal: true }); // tgt [T, N, 32], memory [S, N, 32] -> [T, N, 32]
 */
export class TransformerDecoder extends Module {
  /** The layers (`layers.0`, `layers.1`, ...), each a copy of the given layer. */
  layers: ModuleList;
  /** The final normalisation, or null. */
  norm: Module | null;
  /** Number of layers. */
  readonly numLayers: number;

  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, opts?: TransformerDecoderOptions) {
    super();
    const op = 'TransformerDecoder';
    if (!(decoderLayer instanceof TransformerDecoderLayer)) throw new ValueError(`${op}: decoderLayer must be a TransformerDecoderLayer, got ${describe(decoderLayer)}`);
    this.numLayers = intArg(op, 'numLayers', numLayers, 1);
    const o = checkOptionKeys(op, options(op, opts), keysOf<TransformerDecoderOptions>({ norm: true }));
    if (o.norm != null && !(o.norm instanceof Module)) throw new ValueError(`${op}: norm must be a Module or null, got ${describe(o.norm)}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer._copy()));
    this.norm = o.norm ?? null;
  }

  /** tgt through every layer (each attending to `memory`), then `norm`. */
  forward(tgt: Tensor, memory: Tensor, opts?: DecoderForwardOptions): Tensor {
    const o = checkOptionKeys('TransformerDecoder', opts, DECODER_FORWARD_KEYS);
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).forward(x, memory, o);
    return this.norm ? (this.norm.forward(x) as Tensor) : x;
  }
}
