import { DTypeError, ShapeError, Tensor, ValueError, fmtShape, tensor, zeros } from '@nabla/autograd';
import { boolArg, oneOf, optionalTensor, options, tensorArg } from '../check.js';
import { checkPaddingIdx } from './embedding.js';

/** Options of `embeddingBag` (PyTorch's, camelCase; maxNorm, scaleGradByFreq and sparse are not supported). */
export interface EmbeddingBagOptions {
  /** How a bag's rows combine: 'mean' (default), 'sum' or 'max'. */
  mode?: 'sum' | 'mean' | 'max';
  /** A weight per index (same shape as input), multiplying its row; 'sum' mode only. */
  perSampleWeights?: Tensor | null;
  /** offsets has one entry more than there are bags: the end of the last one (default false). */
  includeLastOffset?: boolean;
  /** Index left out of every bag (no contribution, not counted in 'mean'). */
  paddingIdx?: number | null;
}

/** @internal Option names of embeddingBag. */
export const EMBEDDING_BAG_KEYS = ['mode', 'perSampleWeights', 'includeLastOffset', 'paddingIdx', 'maxNorm', 'scaleGradByFreq', 'sparse'];

/**
 * Sums, averages or maxes bags of embedding rows without materialising them one by one (PyTorch's
 * F.embedding_bag): input int32 [B, L] (each row a bag), or 1-D with `offsets` [B] giving where each bag
 * starts. weight [numEmbeddings, dim]; the result is [B, dim] (an empty bag gives zeros).
 * @example embeddingBag(tensor([1, 2, 4, 5], { dtype: 'int32' }), w, tensor([0, 2], { dtype: 'int32' })) // [2, dim]
 */
export function embeddingBag(input: Tensor, weight: Tensor, offsets?: Tensor | null, opts?: EmbeddingBagOptions): Tensor {
  return embeddingBagNamed('embeddingBag', input, weight, offsets, opts);
}

/** @internal embeddingBag under a given op name (the layer passes its own). */
export function embeddingBagNamed(op: string, input: Tensor, weight: Tensor, offsets: Tensor | null | undefined, opts: EmbeddingBagOptions | undefined): Tensor {
  const o = options(op, opts, EMBEDDING_BAG_KEYS);
  for (const k of ['maxNorm', 'scaleGradByFreq', 'sparse'] as const) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined && v !== null && v !== false) throw new ValueError(`${op}: option ${k} is not supported; got ${JSON.stringify(v)}`);
  }
  tensorArg(op, 'input', input);
  tensorArg(op, 'weight', weight);
  if (input.dtype !== 'int32') throw new DTypeError(`${op}: input must be int32 indices, got ${input.dtype} of shape ${fmtShape(input.shape)}`);
  if (weight.ndim !== 2) throw new ShapeError(`${op}: weight must be 2-D [numEmbeddings, embeddingDim], got ${fmtShape(weight.shape)}`);
  const [num, dim] = weight.shape as [number, number];
  const mode = oneOf(op, 'mode', o.mode, ['sum', 'mean', 'max'], 'mean');
  const includeLast = boolArg(op, 'includeLastOffset', o.includeLastOffset, false);
  const pad = checkPaddingIdx(op, o.paddingIdx, num);
  const psw = optionalTensor(op, 'perSampleWeights', o.perSampleWeights);
  const offs = optionalTensor(op, 'offsets', offsets);
  const idx = Array.from(input.data());
  // starts[b]..ends[b]: bag b's positions in the flattened input.
  let starts: number[];
  if (input.ndim === 2) {
    if (offs) throw new ValueError(`${op}: offsets must be null when input is 2-D ${fmtShape(input.shape)} (each row is a bag)`);
    const [b, l] = input.shape as [number, number];
    starts = Array.from({ length: b + 1 }, (_, i) => i * l);
  } else if (input.ndim === 1) {
    if (!offs || offs.ndim !== 1 || offs.dtype !== 'int32') {
      throw new ShapeError(`${op}: a 1-D input ${fmtShape(input.shape)} needs 1-D int32 offsets, got ${offs ? `${offs.dtype} ${fmtShape(offs.shape)}` : 'none'}`);
    }
    starts = Array.from(offs.data());
    if (!includeLast) starts.push(idx.length);
    if (starts.length < 1 || starts[0] !== 0 || starts.some((s, i) => s < (starts[i - 1] ?? 0) || s > idx.length)) {
      throw new ValueError(`${op}: offsets must start at 0 and be non-decreasing up to ${idx.length} (the input length), got [${Array.from(offs.data()).join(', ')}]`);
    }
  } else throw new ShapeError(`${op}: input must be 1-D (with offsets) or 2-D [B, L], got ${fmtShape(input.shape)}`);
  if (psw && (mode !== 'sum' || psw.ndim !== input.ndim || psw.shape.some((d, i) => d !== input.shape[i]))) {
    throw new ValueError(`${op}: perSampleWeights need mode 'sum' and the input's shape ${fmtShape(input.shape)}, got mode '${mode}' and ${fmtShape(psw.shape)}`);
  }
  idx.forEach((v, i) => {
    if (v < 0 || v >= num) throw new ValueError(`${op}: index ${v} at flat position ${i} of input ${fmtShape(input.shape)} is out of range; valid: [0, ${num - 1}]`);
  });
  const bags = starts.length - 1;
  const bagOf = new Array<number>(idx.length).fill(0);
  const coef = new Array<number>(idx.length).fill(0);
  for (let b = 0; b < bags; b++) {
    let count = 0;
    for (let i = starts[b]!; i < starts[b + 1]!; i++) if (idx[i] !== pad) count++;
    for (let i = starts[b]!; i < starts[b + 1]!; i++) {
      bagOf[i] = b;
      coef[i] = idx[i] === pad ? 0 : mode === 'mean' ? 1 / count : 1;
    }
  }
  const flat = tensor(idx, { dtype: 'int32' });
  if (mode === 'max') {
    // The winning row per (bag, dim) (first max), then one gather routes the gradient to it; empty bags are 0.
    const wd = weight.data();
    const arg = new Array<number>(bags * dim).fill(0);
    const empty = new Array<number>(bags * dim).fill(1);
    for (let b = 0; b < bags; b++) {
      for (let d = 0; d < dim; d++) {
        let best = -Infinity;
        for (let i = starts[b]!; i < starts[b + 1]!; i++) {
          if (idx[i] === pad) continue;
          const v = wd[idx[i]! * dim + d]!;
          if (empty[b * dim + d] === 1 || v > best) [best, arg[b * dim + d], empty[b * dim + d]] = [v, idx[i]!, 0];
        }
      }
    }
    const rows = weight.gather(0, tensor(arg, { dtype: 'int32', shape: [bags, dim] }));
    return rows.where(tensor(empty, { dtype: 'int32', shape: [bags, dim] }).eq(0), 0);
  }
  let rows = weight.indexSelect(0, flat).mul(tensor(coef, { dtype: weight.dtype, shape: [idx.length, 1] }));
  if (psw) rows = rows.mul(psw.reshape([idx.length, 1]));
  return zeros([bags, dim], { dtype: weight.dtype }).indexAdd(0, tensor(bagOf, { dtype: 'int32' }), rows);
}
