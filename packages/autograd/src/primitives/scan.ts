import type { Backend, ScanOp } from '../backend/backend.js';
import { where } from '../ops/elementwise.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

type AxisParams = { axis: number };

export type ScanParams = {
  cumsum: AxisParams;
  cumprod: AxisParams;
  logcumsumexp: AxisParams;
  /** Indices (int32) of the running max or min; cummax's values are a gather at them. */
  cumIndex: { op: 'max' | 'min'; axis: number };
};

function scanForward(op: ScanOp) {
  return (b: Backend, [x]: readonly Tensor[], { axis }: AxisParams) =>
    Tensor._fromData(b.cumulative(op, x!._contiguousData(), x!._shape, axis), x!._shape.slice(), x!.dtype);
}

/** The scan in differentiable form, for rules. */
const scan = (name: 'cumsum' | 'cumprod' | 'logcumsumexp', x: Tensor, axis: number): Tensor => apply(name, [x], { axis });
/** sum_{j >= i} t_j along the axis: the adjoint of cumsum. */
const reverseCumsum = (t: Tensor, axis: number): Tensor => scan('cumsum', t.flip(axis), axis).flip(axis);

const lowest = (t: Tensor): number => (t.dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38);

/**
 * The pieces of cumprod's derivative around zeros, per slice along `axis`: `before` (no zero up to here),
 * `atFirst` (the first zero), `lead` (the product of the slice's elements before its first zero) and `tail`
 * (the running product of the elements after the first zero, 1 before and at it). Shared by its vjp and jvp.
 */
export function cumprodPieces(x: Tensor, axis: number): { before: Tensor; atFirst: Tensor; lead: Tensor; tail: Tensor } {
  const isZero = x.eq(0);
  const zerosSoFar = scan('cumsum', isZero.astype(x.dtype), axis);
  const before = zerosSoFar.eq(0);
  const atFirst = isZero.mul(zerosSoFar.eq(1));
  const after = zerosSoFar.ge(1).sub(atFirst);
  return { before, atFirst, lead: where(before, x, 1).prod(axis, true), tail: scan('cumprod', where(after, x, 1), axis) };
}

export const scanPrims = {
  // out_j = sum_{i <= j} x_i, so dx_i = sum_{j >= i} g_j: a cumsum of the reversed gradient.
  cumsum: { forward: scanForward('sum'), vjp: (g, { params: { axis } }) => [reverseCumsum(g, axis)] },
  // out_j = prod_{k <= j} x_k, dx_i = sum_{j >= i} g_j prod_{k <= j, k != i} x_k. Before the first zero z of a
  // slice that is revcumsum(g out)_i / x_i (no division by 0: x_i != 0 there, and out_j = 0 for j >= z is
  // exact). At z it is prod_{k < z} x_k * sum_{j >= z} g_j prod_{z < k <= j} x_k; after z every term holds
  // x_z = 0. Every piece is a differentiable op (the masks are constants), so second derivatives are exact
  // away from zeros; at a zero the 'after z' terms are the constant 0, so d/dx_z of them is lost (PyTorch's
  // cumprod_backward makes the same choice).
  cumprod: {
    forward: scanForward('prod'),
    vjp: (g, { inputs: [x], out, params: { axis } }) => {
      const x0 = x!;
      const { before, atFirst, lead, tail } = cumprodPieces(x0, axis);
      const fast = reverseCumsum(g.mul(out), axis).div(where(before, x0, 1));
      const atZero = lead.mul(g.mul(tail).mul(before.eq(0)).sum(axis, true));
      return [where(before, fast, where(atFirst, atZero, 0))];
    },
  },
  // dx_i = sum_{j >= i} g_j e^(x_i - out_j). Split g by sign and sum in log space, as PyTorch does, so no
  // exponent overflows: e^(x_i + log revcumsumexp(log|g_j| - out_j)) for g > 0 minus the same for g < 0.
  logcumsumexp: {
    forward: scanForward('logsumexp'),
    vjp: (g, { inputs: [x], out: out0, params: { axis } }) => {
      // A prefix of all -inf has out = -inf; reading it as 0 gives those terms e^(-inf) = 0 (no -inf + inf),
      // the same convention as logsumexp: such inputs get gradient 0.
      const out = where(out0.eq(-Infinity), 0, out0);
      const logAbs = where(g.eq(0), 1, g.abs()).log(); // log 1 = 0 where g = 0: those terms are masked out below
      const part = (mask: Tensor): Tensor => {
        // The lowest finite number, not -inf, stands for log 0 (as PyTorch): -inf - (-inf) would be NaN in
        // the second derivative.
        const lg = where(mask, logAbs, lowest(out)).sub(out);
        const rev = scan('logcumsumexp', lg.flip(axis), axis).flip(axis);
        return rev.add(x!).exp();
      };
      return [part(g.gt(0)).sub(part(g.lt(0)))];
    },
  },
  cumIndex: {
    forward: (b, [x], { op, axis }) => Tensor._fromData(b.cumIndex(op, x!._contiguousData(), x!._shape, axis), x!._shape.slice(), 'int32'),
  },
} satisfies PrimTable<ScanParams>;
