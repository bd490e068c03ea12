import { ShapeError, ValueError, describe, fmtShape, noGrad, type DType, type Tensor } from '@nabla/autograd';
import { dtypeArg, intArg } from '../check.js';
import { xavierUniform } from '../init.js';
import { Module } from '../module.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { causalMask } from './attention-mask.js';
import { LayerNorm } from './normalization.js';
import { LAYER_KEYS, layerConfig, type TransformerLayerOptions } from './transformer-common.js';
import { DECODER_FORWARD_KEYS, TransformerDecoder, TransformerDecoderLayer, type DecoderForwardOptions } from './transformer-decoder.js';
import { TransformerEncoder, TransformerEncoderLayer } from './transformer-encoder.js';

/** Options of `Transformer` (PyTorch's constructor arguments, camelCase, with its defaults). */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Model width (default 512). */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
  /** Use this encoder instead of building one. */
  customEncoder?: Module | null;
  /** Use this decoder instead of building one. */
  customDecoder?: Module | null;
}

/** Options of `Transformer.forward` (PyTorch's names, camelCase). */
export interface TransformerForwardOptions extends DecoderForwardOptions {
  /** Encoder self-attention mask [S, S]. */
  srcMask?: Tensor | null;
  /** Shape [N, S], int32 with 1 = padded source position. */
  srcKeyPaddingMask?: Tensor | null;
  /** Causal encoder self-attention. */
  srcIsCausal?: boolean;
}

const KEYS = [...LAYER_KEYS, ...keysOf<Omit<TransformerOptions, keyof TransformerLayerOptions>>({
  dModel: true, nhead: true, numEncoderLayers: true, numDecoderLayers: true, customEncoder: true, customDecoder: true,
})];
const FORWARD_KEYS = [...DECODER_FORWARD_KEYS, 'srcMask', 'srcKeyPaddingMask', 'srcIsCausal'];

/**
 * The encoder-decoder Transformer of "Attention Is All You Need" (PyTorch's nn.Transformer): an encoder over
 * `src` and a decoder over `tgt` attending to it, each stack ending in a LayerNorm; every weight matrix
 * re-initialised xavier-uniform as PyTorch does. State-dict names encoder.layers.0.self_attn.in_proj_weight,
 * ..., encoder.norm.weight, decoder.layers.0.multihead_attn.*, decoder.norm.*.
 * @example
 * const model = new Transformer({ dModel: 32, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, batchFirst: true });
 * model.forward(src, tgt, { tgtMask: Transformer.generateSquareSubsequentMask(tgt.shape[1]!) }); // [N, T, 32]
 */
export class Transformer extends Module {
  /** The encoder (a TransformerEncoder unless customEncoder was given). */
  encoder: Module;
  /** The decoder (a TransformerDecoder unless customDecoder was given). */
  decoder: Module;
  /** Model width. */
  readonly dModel: number;
  /** Attention heads. */
  readonly nhead: number;
  /** Whether inputs are [N, L, E]. */
  readonly batchFirst: boolean;

  constructor(opts?: TransformerOptions) {
    super();
    const op = 'Transformer';
    const o = checkOptionKeys(op, opts, KEYS);
    const dModel = (this.dModel = intArg(op, 'dModel', o.dModel ?? 512, 1));
    const nhead = (this.nhead = intArg(op, 'nhead', o.nhead ?? 8, 1));
    const c = layerConfig(op, dModel, nhead, o);
    this.batchFirst = c.batchFirst;
    const { dModel: _d, nhead: _h, numEncoderLayers, numDecoderLayers, customEncoder, customDecoder, ...layerOpts } = o;
    for (const [name, m] of [['customEncoder', customEncoder], ['customDecoder', customDecoder]] as const) {
      if (m != null && !(m instanceof Module)) throw new ValueError(`${op}: ${name} must be a Module or null, got ${describe(m)}`);
    }
    const norm = () => new LayerNorm(dModel, { eps: c.layerNormEps, bias: c.bias, dtype: c.dtype });
    this.encoder = customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, layerOpts), intArg(op, 'numEncoderLayers', numEncoderLayers ?? 6, 1), { norm: norm() });
    this.decoder = customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, layerOpts), intArg(op, 'numDecoderLayers', numDecoderLayers ?? 6, 1), { norm: norm() });
    // PyTorch's _reset_parameters: xavier-uniform every parameter with more than one axis.
    noGrad(() => {
      for (const p of this.parameters()) if (p.ndim > 1) xavierUniform(p, { generator: c.generator });
    });
  }

  /**
   * src [S, N, E] and tgt [T, N, E] ([N, ·, E] with batchFirst; unbatched [S, E], [T, E]) -> [T, N, E]: the
   * decoder's output for every target position.
   */
  forward(src: Tensor, tgt: Tensor, opts?: TransformerForwardOptions): Tensor {
    const op = `Transformer(dModel=${this.dModel}, nhead=${this.nhead})`;
    const o = checkOptionKeys(op, opts, FORWARD_KEYS);
    const batchAxis = this.batchFirst ? 0 : 1;
    if (src.ndim !== tgt.ndim || src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel || (src.ndim === 3 && src.shape[batchAxis] !== tgt.shape[batchAxis])) {
      throw new ShapeError(`${op}: src and tgt must both be ${this.batchFirst ? '[N, ·, E]' : '[·, N, E]'} with the same N (or both unbatched) and E = ${this.dModel}, got src ${fmtShape(src.shape)} and tgt ${fmtShape(tgt.shape)}`);
    }
    const { srcMask, srcKeyPaddingMask, srcIsCausal, ...dec } = o;
    const memory = this.encoder.forward(src, { mask: srcMask, srcKeyPaddingMask, isCausal: srcIsCausal }) as Tensor;
    return this.decoder.forward(tgt, memory, dec) as Tensor;
  }

  /**
   * The [sz, sz] float mask that hides future positions: 0 on and below the diagonal, -Infinity above
   * (PyTorch's generate_square_subsequent_mask).
   * @example Transformer.generateSquareSubsequentMask(3) // [[0, -inf, -inf], [0, 0, -inf], [0, 0, 0]]
   */
  static generateSquareSubsequentMask(sz: number, opts?: { dtype?: DType }): Tensor {
    const o = checkOptionKeys('generateSquareSubsequentMask', opts, ['dtype']);
    return causalMask(intArg('generateSquareSubsequentMask', 'sz', sz, 0), sz, dtypeArg('generateSquareSubsequentMask', o.dtype));
  }
}
