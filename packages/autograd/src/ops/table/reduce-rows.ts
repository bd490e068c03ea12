import fc from 'fast-check';
import { tensor } from '../../creation/tensor.js';
import type { Tensor } from '../../tensor/tensor.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { OpRow } from './harness.js';
import { mean, reduceRef, sum, variance } from './reference.js';

/**
 * Inputs whose values are pairwise distinct (the i-th element is shifted by 0.1 i), so max/min/norm-inf
 * have no ties and var/std no zero spread; kinks are pinned by exact tests elsewhere.
 */
const distinct = (minRank = 1) =>
  arbTensor({ shape: arbShape({ minRank, maxRank: 3, maxDim: 3 }), min: -1, max: 1 }).map((t) => {
    const d = t.data();
    return [tensor(d.map((v, i) => v + 0.1 * i * (i % 2 ? -1 : 1)), { dtype: 'float64', shape: t.shape })];
  });
const positive = () =>
  arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3, maxDim: 3 }), min: 0.3, max: 1.5 }).map((t) => [
    tensor(t.data().map((v, i) => v + 0.1 * i), { dtype: 'float64', shape: t.shape }),
  ]);
/** At least two elements in every reduced slice: std and the 2-norm have a kink where the spread (or x) is 0. */
const spread = () => distinct(2).filter(([t]) => t!.shape.every((d) => d > 1));

type Variant = { label: string; axis: (ndim: number) => number | number[] | undefined; keepDims: boolean };
const variants: Variant[] = [
  { label: 'all', axis: () => undefined, keepDims: false },
  { label: 'axis -1 keepDims', axis: () => -1, keepDims: true },
  { label: 'axes [0, -1]', axis: (n) => (n > 1 ? [0, -1] : 0), keepDims: false },
];
const axesOf = (axis: number | number[] | undefined, ndim: number): number[] =>
  axis === undefined ? [...Array(ndim).keys()] : [...new Set((typeof axis === 'number' ? [axis] : axis).map((a) => (a + ndim) % ndim))];

function reductionRows(
  name: string,
  fn: (t: Tensor, axis: number | number[] | undefined, keepDims: boolean) => Tensor,
  f: (v: number[]) => number,
  inputs: fc.Arbitrary<Tensor[]>,
  twice = true,
): OpRow[] {
  return variants.map((v) => ({
    name: `${name} (${v.label})`,
    fn: (x) => fn(x!, v.axis(x!.ndim), v.keepDims),
    ref: (x) => reduceRef(x!, axesOf(v.axis(x!.ndim), x!.ndim), v.keepDims, f),
    inputs,
    twice,
    rtol: 1e-9,
  }));
}

const lse = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(sum(v.map((x) => Math.exp(x - m))));
};

/** Rows for the reductions, statistics and softmax family. */
export const reduceRows: OpRow[] = [
  ...reductionRows('sum', (x, a, k) => x.sum(a, k), sum, distinct()),
  ...reductionRows('mean', (x, a, k) => x.mean(a, k), mean, distinct()),
  ...reductionRows('max', (x, a, k) => x.max(a, k), (v) => Math.max(...v), distinct(), false),
  ...reductionRows('min', (x, a, k) => x.min(a, k), (v) => Math.min(...v), distinct(), false),
  ...reductionRows('prod', (x, a, k) => x.prod(a, k), (v) => v.reduce((p, q) => p * q, 1), positive()),
  ...reductionRows('logsumexp', (x, a, k) => x.logsumexp(a, k), lse, distinct()),
  ...reductionRows('var', (x, a, k) => x.var(a, { keepDims: k }), (v) => variance(v), spread()),
  ...reductionRows('std', (x, a, k) => x.std(a, { keepDims: k, correction: 0 }), (v) => Math.sqrt(variance(v, 0)), spread()),
  ...reductionRows('norm', (x, a, k) => x.norm(2, a, k), (v) => Math.sqrt(sum(v.map((x) => x * x))), positive()),
  ...reductionRows('norm p=3', (x, a, k) => x.norm(3, a, k), (v) => sum(v.map((x) => Math.abs(x) ** 3)) ** (1 / 3), positive()),
  ...reductionRows('norm p=inf', (x, a, k) => x.norm(Infinity, a, k), (v) => Math.max(...v.map(Math.abs)), positive(), false),
  {
    name: 'softmax (axis -1)',
    fn: (x) => x!.softmax(-1),
    ref: (x) => {
      const r = reduceRef(x!, [x!.ndim - 1], true, lse);
      const n = x!.shape[x!.ndim - 1]!;
      return { shape: x!.shape, data: Array.from(x!.data(), (v, i) => Math.exp(v - r.data[Math.floor(i / n)]!)) };
    },
    inputs: distinct(),
    twice: true,
  },
  {
    name: 'logSoftmax (axis 0)',
    fn: (x) => x!.logSoftmax(0),
    ref: (x) => {
      const inner = x!.size / x!.shape[0]!;
      const r = reduceRef(x!, [0], true, lse);
      return { shape: x!.shape, data: Array.from(x!.data(), (v, i) => v - r.data[i % inner]!) };
    },
    inputs: distinct(),
    twice: true,
  },
];
