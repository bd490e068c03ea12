import { ShapeError, ValueError, fmtShape, noGrad, zeros, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, floatArg, generatorArg, intArg, options } from '../check.js';
import { checkDropoutP, dropout } from '../functional/dropout.js';
import { rejectUnsupported } from '../functional/window.js';
import { constant, xavierUniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { scaledDotProductAttention } from '../functional/attention.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { causalMask, combineMasks } from './attention-mask.js';
import { Linear } from './linear.js';

/** Options of `MultiheadAttention` (PyTorch's constructor arguments, camelCase). */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training mode (default 0). */
  dropout?: number;
  /** Learn in_proj_bias and out_proj.bias (default true). */
  bias?: boolean;
  /** Inputs and output are [N, L, E] instead of [L, N, E] (default false). */
  batchFirst?: boolean;
  /** Feature size of keys (default embedDim); if kdim or vdim differs, q/k/v get separate projections. */
  kdim?: number;
  /** Feature size of values (default embedDim). */
  vdim?: number;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights and dropout (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/** Options of `MultiheadAttention.forward`. */
export interface AttentionForwardOptions {
  /** [L, S] or [N * heads, L, S]: int32 with 1 = may not attend, or float added to the scores. */
  attnMask?: Tensor | null;
  /** [N, S] (unbatched [S]): int32 with 1 = ignore this key, or float added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true); otherwise the second result is null. */
  needWeights?: boolean;
  /** Average the returned weights over heads to [N, L, S] (default true); else [N, heads, L, S]. */
  averageAttnWeights?: boolean;
  /**
   * Query i attends only to keys j <= i, when no attnMask is given (PyTorch treats it as a hint that attnMask
   * is causal; here it also stands in for one). With needWeights false the fused kernel applies it from the
   * indices, without building a mask.
   */
  isCausal?: boolean;
}

const CTOR_KEYS = keysOf<MultiheadAttentionOptions>({ dropout: true, bias: true, batchFirst: true, kdim: true, vdim: true, dtype: true, generator: true });
const FORWARD_KEYS = keysOf<AttentionForwardOptions>({ attnMask: true, keyPaddingMask: true, needWeights: true, averageAttnWeights: true, isCausal: true });

/**
 * Multi-head attention (PyTorch's nn.MultiheadAttention): each head h computes
 * softmax(Q_h K_h^T / sqrt(d) + mask) V_h with d = embedDim / numHeads, and out_proj mixes the heads.
 * Parameters as PyTorch's: in_proj_weight [3E, E] (q, k, v stacked; q_proj_weight, k_proj_weight and
 * v_proj_weight when kdim or vdim differ), in_proj_bias [3E] and out_proj (a Linear). A row whose keys are
 * all masked out gives NaN, as in PyTorch.
 * @example
 * const mha = new MultiheadAttention(16, 4, { batchFirst: true });
 * const [out, weights] = mha.forward(x, x, x); // x [N, L, 16] -> out [N, L, 16], weights [N, L, L]
 */
export class MultiheadAttention extends Module {
  /** Model width E (the features of the queries and of the output). */
  readonly embedDim: number;
  /** Number of heads; each attends in E / numHeads dimensions. */
  readonly numHeads: number;
  /** Features of the keys (default E). */
  readonly kdim: number;
  /** Features of the values (default E). */
  readonly vdim: number;
  /** Dropout probability on the attention weights in training mode. */
  readonly dropout: number;
  /** Whether inputs and output are [N, L, E] (else [L, N, E]). */
  readonly batchFirst: boolean;
  /** The q, k and v projections stacked, [3E, E] (null when kdim or vdim differ from E). */
  in_proj_weight: Parameter | null = null;
  /** The query projection [E, E] when kdim or vdim differ from E, else null. */
  q_proj_weight: Parameter | null = null;
  /** The key projection [E, kdim] when kdim or vdim differ from E, else null. */
  k_proj_weight: Parameter | null = null;
  /** The value projection [E, vdim] when kdim or vdim differ from E, else null. */
  v_proj_weight: Parameter | null = null;
  /** The q, k and v biases stacked, [3E], or null with `{ bias: false }`. */
  in_proj_bias: Parameter | null = null;
  /** The output projection, a Linear(E, E). */
  out_proj: Linear;
  declare private readonly generator: Generator | undefined;

  constructor(embedDim: number, numHeads: number, opts?: MultiheadAttentionOptions) {
    super();
    const op = 'MultiheadAttention';
    const o = options(op, opts);
    checkOptionKeys(op, o, [...CTOR_KEYS, 'addBiasKv', 'addZeroAttn']);
    rejectUnsupported(op, o, { addBiasKv: false, addZeroAttn: false });
    const e = (this.embedDim = intArg(op, 'embedDim', embedDim, 1));
    this.numHeads = intArg(op, 'numHeads', numHeads, 1);
    if (e % this.numHeads !== 0) throw new ValueError(`${op}: embedDim (${e}) must be divisible by numHeads (${numHeads})`);
    this.kdim = intArg(op, 'kdim', o.kdim ?? e, 1);
    this.vdim = intArg(op, 'vdim', o.vdim ?? e, 1);
    this.dropout = checkDropoutP(op, o.dropout ?? 0);
    this.batchFirst = boolArg(op, 'batchFirst', o.batchFirst, false);
    const dtype = dtypeArg(op, o.dtype);
    const generator = generatorArg(op, o.generator);
    Object.defineProperty(this, 'generator', { value: generator, enumerable: false });
    const bias = boolArg(op, 'bias', o.bias, true);
    const weights: Parameter[] = [];
    if (this.kdim === e && this.vdim === e) weights.push((this.in_proj_weight = new Parameter(zeros([3 * e, e], { dtype }))));
    else {
      weights.push((this.q_proj_weight = new Parameter(zeros([e, e], { dtype }))));
      weights.push((this.k_proj_weight = new Parameter(zeros([e, this.kdim], { dtype }))));
      weights.push((this.v_proj_weight = new Parameter(zeros([e, this.vdim], { dtype }))));
    }
    if (bias) this.in_proj_bias = new Parameter(zeros([3 * e], { dtype }));
    this.out_proj = new Linear(e, e, { bias, dtype, generator });
    // PyTorch's _reset_parameters: xavier-uniform projections, zero biases; out_proj.weight keeps Linear's init.
    noGrad(() => {
      for (const w of weights) xavierUniform(w, { generator });
      if (this.in_proj_bias) constant(this.in_proj_bias, 0);
      if (this.out_proj.bias) constant(this.out_proj.bias, 0);
    });
  }

  /** Projection k (0 = q, 1 = k, 2 = v) of x over its last axis, using the packed or separate weights. */
  private project(x: Tensor, k: number): Tensor {
    const e = this.embedDim;
    const w = this.in_proj_weight
      ? this.in_proj_weight.slice([[k * e, (k + 1) * e]])
      : [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight][k]!;
    const y = x.matmul(w.transpose());
    return this.in_proj_bias ? y.add(this.in_proj_bias.slice([[k * e, (k + 1) * e]])) : y;
  }

  /**
   * query [L, N, E], key [S, N, kdim], value [S, N, vdim] ([N, ·, ·] with batchFirst; unbatched [L, E],
   * [S, kdim], [S, vdim]) -> [output like query, weights [N, L, S] (per head [N, heads, L, S]) or null].
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts?: AttentionForwardOptions): [Tensor, Tensor | null] {
    const op = `MultiheadAttention(embedDim=${this.embedDim}, numHeads=${this.numHeads})`;
    const o = options(op, opts);
    checkOptionKeys(op, o, FORWARD_KEYS);
    const [q0, k0, v0] = [floatArg(op, 'query', query), floatArg(op, 'key', key), floatArg(op, 'value', value)];
    const batched = q0.ndim === 3;
    const dims = [this.embedDim, this.kdim, this.vdim];
    const ok = [q0, k0, v0].every((t, i) => t.ndim === q0.ndim && t.shape[t.ndim - 1] === dims[i]) && (batched || q0.ndim === 2);
    const seqAxis = batched && this.batchFirst ? 1 : 0;
    if (!ok || k0.shape[seqAxis] !== v0.shape[seqAxis] || (batched && (k0.shape[1 - seqAxis] !== q0.shape[1 - seqAxis] || v0.shape[1 - seqAxis] !== q0.shape[1 - seqAxis]))) {
      const layout = this.batchFirst ? 'N, L' : 'L, N';
      throw new ShapeError(
        `${op}: expected query [${layout}, ${this.embedDim}], key [${layout.replace('L', 'S')}, ${this.kdim}] and value [${layout.replace('L', 'S')}, ` +
          `${this.vdim}] with matching N and S (or all unbatched), got query ${fmtShape(q0.shape)}, key ${fmtShape(k0.shape)}, value ${fmtShape(v0.shape)}`,
      );
    }
    // Work in [L, N, E]: unbatched gets N = 1, batchFirst is transposed in and out.
    const toLNE = (t: Tensor) => (!batched ? t.unsqueeze(1) : this.batchFirst ? t.transpose(0, 1) : t);
    const [q, k, v] = [toLNE(q0), toLNE(k0), toLNE(v0)];
    const [l, n] = q.shape as [number, number];
    const s = k.shape[0]!;
    const h = this.numHeads;
    const d = this.embedDim / h;
    const needWeights = boolArg(op, 'needWeights', o.needWeights, true);
    const average = boolArg(op, 'averageAttnWeights', o.averageAttnWeights, true);
    const causal = boolArg(op, 'isCausal', o.isCausal, false) && o.attnMask == null;
    let mask = combineMasks(op, n, h, l, s, o.keyPaddingMask, o.attnMask, batched);
    // Causal from the indices only on the fused path with no other mask; otherwise as an additive [L, S] mask.
    const fusedCausal = causal && !needWeights && mask === null;
    if (causal && !fusedCausal) mask = mask ? mask.add(causalMask(l, s, q.dtype)) : causalMask(l, s, q.dtype);
    // [T, N, E] -> [N, heads, T, d]
    const heads = (t: Tensor, len: number) => t.reshape([len, n, h, d]).permute(1, 2, 0, 3);
    const kh = heads(this.project(k, 1), s);
    const vh = heads(this.project(v, 2), s);
    let mixedHeads: Tensor;
    let attn: Tensor | null = null;
    const p = this.training ? this.dropout : 0;
    if (!needWeights) {
      // PyTorch's fast path: fused attention, the [L, S] weights never formed (unless dropout needs them).
      mixedHeads = scaledDotProductAttention(heads(this.project(q, 0), l), kh, vh, { attnMask: mask, isCausal: fusedCausal, dropoutP: p, generator: this.generator });
    } else {
      const scores = heads(this.project(q, 0).mul(1 / Math.sqrt(d)), l).matmul(kh.transpose(-2, -1));
      attn = (mask ? scores.add(mask) : scores).softmax(-1);
      // PyTorch returns the weights after dropout.
      if (p > 0) attn = dropout(attn, { p, training: true, generator: this.generator });
      mixedHeads = attn.matmul(vh);
    }
    const mixed = mixedHeads.permute(2, 0, 1, 3).reshape([l, n, this.embedDim]);
    const y = this.out_proj.forward(mixed);
    const out = !batched ? y.squeeze(1) : this.batchFirst ? y.transpose(0, 1) : y;
    if (attn === null) return [out, null];
    const w = average ? attn.mean(1) : attn;
    return [out, batched ? w : w.squeeze(0)];
  }

  override extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}, kdim=${this.kdim}, vdim=${this.vdim}, dropout=${this.dropout}, batchFirst=${this.batchFirst}`;
  }
}
