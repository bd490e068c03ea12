import { where } from '../../ops/elementwise.js';
import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import { cumprodPieces, type ScanParams } from '../scan.js';
import type { JvpTable } from '../types.js';
import { linearIn, noTangent } from './util.js';

const scan = (name: 'cumsum' | 'cumprod' | 'logcumsumexp', x: Tensor, axis: number): Tensor => apply(name, [x], { axis });

export const scanJvpRules = {
  // cumsum is linear: d cumsum(x) = cumsum(t).
  cumsum: linearIn('cumsum'),
  // out_i = prod_{k <= i} x_k, so d out_i = sum_{j <= i} (prod_{k <= i, k != j} x_k) t_j. Before the first zero z
  // of a slice that is out_i cumsum(t / x)_i (x_j != 0 for j <= i < z). From z on, every term but j = z holds
  // x_z = 0, leaving prod_{k < z} x_k * t_z * prod_{z < k <= i} x_k (0 past a second zero). The masks pick the
  // pieces and nothing divides by 0; as in the vjp, d/dx_z of the dropped terms is lost at exact zeros.
  cumprod: ([t], { inputs: [x], out, params: { axis } }) => {
    if (t === null || t === undefined) return null;
    const x0 = x!;
    const { before, atFirst, lead, tail } = cumprodPieces(x0, axis);
    const fast = out.mul(scan('cumsum', where(before, t.div(where(before, x0, 1)), 0), axis));
    const tz = t.mul(atFirst).sum(axis, true);
    return where(before, fast, lead.mul(tz).mul(tail));
  },
  // d out_i = sum_{j <= i} e^(x_j - out_i) t_j: a weighted mean of the t_j (the weights sum to 1). Shift the
  // tangent by s = 2 max|t| (per slice) so every u_j = t_j + s > 0, sum in log space (no exponent overflows:
  // each weight is <= 1) and take s back: d out_i = e^(logcumsumexp(x + log u)_i - out_i) - s. The weights sum
  // to 1, so this equals sum_j w_ij t_j for any s and stays linear in t; an all-zero slice (s = 1) gives 0
  // exactly. A prefix of all -inf (out = -inf) has tangent 0, as the vjp gives such inputs gradient 0.
  logcumsumexp: ([t], { inputs: [x], out, params: { axis } }) => {
    if (t === null || t === undefined) return null;
    const m = t.abs().max(axis, true);
    const s = where(m.eq(0), 1, m.mul(2));
    const lse = scan('logcumsumexp', x!.add(t.add(s).log()), axis);
    const empty = out.eq(-Infinity);
    return where(empty, 0, lse.sub(where(empty, 0, out)).exp().sub(s));
  },
  cumIndex: noTangent,
} satisfies JvpTable<ScanParams>;
