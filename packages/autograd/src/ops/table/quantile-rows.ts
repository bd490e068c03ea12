import { tensor } from '../../creation/tensor.js';
import type { Tensor } from '../../tensor/tensor.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { OpRow, RefResult } from './harness.js';
import { reduceRef } from './reference.js';

/** Distinct values (shifted apart), so order statistics have no ties; ties are pinned in quantile.test.ts. */
const distinct = arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3, maxDim: 4 }), min: -1, max: 1 }).map((t) => [
  tensor(t.data().map((v, i) => v + 0.1 * i * (i % 2 ? -1 : 1) + 0.00731 * i * i), { dtype: 'float64', shape: t.shape }),
]);
const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const lowerMedian = (v: number[]) => sorted(v)[Math.floor((v.length - 1) / 2)]!;
/** PyTorch's quantile on a plain list, written from its definition. */
function quantileRef(v: number[], q: number, interp: string): number {
  const s = sorted(v);
  const r = q * (s.length - 1);
  const lo = Math.floor(r), hi = Math.ceil(r);
  if (interp === 'lower') return s[lo]!;
  if (interp === 'higher') return s[hi]!;
  if (interp === 'nearest') { const f = r - lo; return s[f === 0.5 ? (lo % 2 === 0 ? lo : hi) : Math.round(r)]!; }
  const w = interp === 'midpoint' ? 0.5 : r - lo;
  return s[lo]! + w * (s[hi]! - s[lo]!);
}
const last = (x: Tensor) => [x.ndim - 1];
const all = (x: Tensor) => [...x.shape.keys()];

/** Rows for median and quantile. */
export const quantileRows: OpRow[] = [
  { name: 'median (all)', fn: (x) => x!.median(), ref: (x) => reduceRef(x!, all(x!), false, lowerMedian), inputs: distinct, twice: false },
  { name: 'median (axis -1)', fn: (x) => x!.median(-1).values, ref: (x) => reduceRef(x!, last(x!), false, lowerMedian), inputs: distinct, twice: false },
  {
    name: 'median indices (axis 0, keepDims)',
    fn: (x) => x!.median(0, true).indices,
    ref: (x): RefResult => {
      const n = x!.shape[0]!;
      const inner = x!.size / n;
      const d = x!.data();
      const data = Array.from({ length: inner }, (_, j) => {
        const col = Array.from({ length: n }, (_, i) => d[i * inner + j]!);
        return col.indexOf(lowerMedian(col));
      });
      return { shape: x!.shape.map((s, i) => (i === 0 ? 1 : s)), data };
    },
    inputs: distinct,
    twice: false,
    noGrad: true,
  },
  ...(['linear', 'lower', 'higher', 'nearest', 'midpoint'] as const).map((interp): OpRow => ({
    name: `quantile q=0.3 ${interp} (axis -1)`,
    fn: (x) => x!.quantile(0.3, -1, { interpolation: interp }),
    ref: (x) => reduceRef(x!, last(x!), false, (v) => quantileRef(v, 0.3, interp)),
    inputs: distinct,
    twice: false,
  })),
  {
    name: 'quantile q=[0.1, 0.5, 0.9] (all, keepDims)',
    fn: (x) => x!.quantile(tensor([0.1, 0.5, 0.9], { dtype: 'float64' }), undefined, { keepDims: true }),
    ref: (x) => {
      const v = Array.from(x!.data());
      return { shape: [3, ...x!.shape.map(() => 1)], data: [0.1, 0.5, 0.9].map((q) => quantileRef(v, q, 'linear')) };
    },
    inputs: distinct,
    twice: false,
  },
];
