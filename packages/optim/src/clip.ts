import { Tensor, ValueError, describe, tensor, type TypedArray } from '@nabla/autograd';
import { checkGradKind } from './validate.js';

/** The distinct tensors of `params` that have a gradient (duplicates are counted once, as `parameters()` does). */
function withGrads(op: string, params: Tensor | Iterable<Tensor>): Tensor[] {
  const list = params instanceof Tensor ? [params] : params;
  if (list === null || typeof list !== 'object' || typeof (list as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw new ValueError(`${op}: params must be a Tensor or an iterable of Tensors, got ${describe(params)}`);
  }
  const out = new Set<Tensor>();
  let i = 0;
  for (const p of list) {
    if (!(p instanceof Tensor)) throw new ValueError(`${op}: params[${i}] is not a Tensor: got ${describe(p)}`);
    if (p.grad !== null) {
      checkGradKind(`${op}: gradient of params[${i}]`, p, p.grad);
      out.add(p);
    }
    i++;
  }
  return [...out];
}

/**
 * The p-norm of `x` (p > 0 or Infinity). Summed directly, as PyTorch does; only when that overflows to
 * Infinity or underflows to 0 although x has finite nonzero entries is it recomputed scaled by max|x|.
 * @example
 * vectorNorm([3, 4], 2);         // 5
 * vectorNorm([3e200, 4e200], 2); // 5e200, not Infinity
 */
export function vectorNorm(x: ArrayLike<number>, p: number): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (!(a <= max)) max = a; // NaN also lands here and wins, as it should
  }
  if (p === Infinity || Number.isNaN(max) || max === Infinity || max === 0) return max;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += p === 2 ? x[i]! * x[i]! : Math.abs(x[i]!) ** p;
  const direct = p === 2 ? Math.sqrt(sum) : sum ** (1 / p);
  if (direct !== Infinity && direct !== 0) return direct;
  let scaled = 0;
  for (let i = 0; i < x.length; i++) scaled += (Math.abs(x[i]!) / max) ** p;
  return max * scaled ** (1 / p);
}

/** Replaces `p.grad` by a fresh tensor holding `fn` of each element. */
function replaceGrad(p: Tensor, fn: (x: number) => number): void {
  const g = p.grad!;
  const data = g.data() as TypedArray;
  for (let i = 0; i < data.length; i++) data[i] = fn(data[i]!);
  p.grad = tensor(data, { dtype: g.dtype, shape: g.shape.slice() });
}

/**
 * Scales the gradients of `params` together so their total `normType`-norm is at most `maxNorm`, and
 * returns the total norm before clipping (PyTorch's `clip_grad_norm_`). The total is the norm of the
 * per-tensor norms; gradients are multiplied by maxNorm / (total + 1e-6) only when that factor is < 1.
 *
 * Zero and non-finite totals never produce NaN: a total of 0 leaves the gradients alone. A total of
 * Infinity (some gradient entry is ±Infinity; large finite entries are summed scaled and do not overflow)
 * or NaN also leaves them alone and is returned, so the caller can skip the batch; the optimizer's
 * `step()` would refuse those gradients anyway. PyTorch instead multiplies by 0, turning Infinity into NaN.
 * With `errorIfNonfinite` such a total throws a ValueError instead.
 *
 * Gradients are replaced by new tensors (`p.grad = ...`) rather than written in place, because one
 * gradient tensor can be shared by several leaves or by the seed passed to `backward`.
 * @example
 * loss.backward();
 * const total = clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm(params: Tensor | Iterable<Tensor>, maxNorm: number, normType = 2, opts: { errorIfNonfinite?: boolean } = {}): number {
  const op = 'clipGradNorm';
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new ValueError(`${op}: maxNorm must be a number >= 0, got ${describe(maxNorm)}`);
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ValueError(`${op}: normType must be a number > 0 or Infinity, got ${describe(normType)}`);
  }
  const ps = withGrads(op, params);
  if (ps.length === 0) return 0;
  const norms = ps.map((p) => vectorNorm(p.grad!._contiguousData(), normType));
  const total = vectorNorm(norms, normType);
  if (!Number.isFinite(total)) {
    if (opts.errorIfNonfinite) {
      throw new ValueError(`${op}: the total norm of order ${normType} of the gradients is ${total}; they contain NaN or Infinity`);
    }
    return total;
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const p of ps) replaceGrad(p, (x) => x * coef);
  return total;
}

/**
 * Clamps every gradient entry of `params` into [-clipValue, clipValue] (PyTorch's `clip_grad_value_`).
 * NaN entries stay NaN. Gradients are replaced by new tensors, as in `clipGradNorm`.
 * @example
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  const op = 'clipGradValue';
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(`${op}: clipValue must be a number >= 0, got ${describe(clipValue)}`);
  for (const p of withGrads(op, params)) replaceGrad(p, (x) => (x > clipValue ? clipValue : x < -clipValue ? -clipValue : x));
}
