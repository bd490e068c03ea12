import fc from 'fast-check';
import { tensor } from '../../creation/tensor.js';
import type { Tensor } from '../../tensor/tensor.js';
import { contiguousStrides } from '../../tensor/shape.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { OpRow, RefResult } from './harness.js';
import { reduceRef } from './reference.js';

/** Values shifted apart (by 0.1 i) so running max/min and amax/amin never tie; ties are pinned in exact tests. */
const distinct = (min = -1, max = 1) =>
  arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3, maxDim: 4 }), min, max }).map((t) => [
    tensor(t.data().map((v, i) => v + 0.1 * i * (i % 2 ? -1 : 1) + 0.00731 * i * i), { dtype: 'float64', shape: t.shape }),
  ]);
/** Values with |x| >= 0.1 (exact zeros, and subnormal products, are pinned in scan.test.ts). */
const nonzero = () =>
  arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3, maxDim: 4 }), min: -1.5, max: 1.5, avoid: [[0, 0.1]] }).map((t) => [t]);

/** Reference for a scan: applies `step(acc, v)` along `axis` of a row-major tensor. */
function scanRef(t: Tensor, axis: number, init: number, step: (acc: number, v: number) => number): RefResult {
  const a = (axis + t.ndim) % t.ndim;
  const d = t.data();
  const stride = contiguousStrides(t.shape)[a]!;
  const n = t.shape[a]!;
  const out = Array.from(d);
  for (let flat = 0; flat < d.length; flat++) {
    const k = Math.floor(flat / stride) % n;
    if (k !== 0) continue;
    let acc = init;
    for (let j = 0; j < n; j++) { acc = step(acc, d[flat + j * stride]!); out[flat + j * stride] = acc; }
  }
  return { shape: t.shape, data: out };
}

const lae = (a: number, b: number) => (a === -Infinity ? b : Math.max(a, b) + Math.log(1 + Math.exp(-Math.abs(a - b))));

function scanVariants(name: string, fn: (x: Tensor, axis: number) => Tensor, init: number, step: (a: number, v: number) => number, inputs: fc.Arbitrary<Tensor[]>, twice = true): OpRow[] {
  return [0, -1].map((axis) => ({
    name: `${name} (axis ${axis})`,
    fn: (x) => fn(x!, axis),
    ref: (x) => scanRef(x!, axis, init, step),
    inputs,
    twice,
    rtol: 1e-9,
  }));
}

const axesOf = (axis: number | number[] | undefined, ndim: number): number[] =>
  axis === undefined ? [...Array(ndim).keys()] : [...new Set((typeof axis === 'number' ? [axis] : axis).map((a) => (a + ndim) % ndim))];
const variants = [
  { label: 'all', axis: (): number | number[] | undefined => undefined, keepDims: false },
  { label: 'axis -1 keepDims', axis: (): number | number[] | undefined => -1, keepDims: true },
  { label: 'axes [0, -1]', axis: (n: number): number | number[] | undefined => (n > 1 ? [0, -1] : 0), keepDims: false },
];
function reductionRows(name: string, fn: (t: Tensor, a: number | number[] | undefined, k: boolean) => Tensor, f: (v: number[]) => number, inputs: fc.Arbitrary<Tensor[]>, opts: Partial<OpRow> = {}): OpRow[] {
  return variants.map((v) => ({
    name: `${name} (${v.label})`,
    fn: (x) => fn(x!, v.axis(x!.ndim), v.keepDims),
    ref: (x) => reduceRef(x!, axesOf(v.axis(x!.ndim), x!.ndim), v.keepDims, f),
    inputs,
    twice: false,
    rtol: 1e-9,
    ...opts,
  }));
}
const intMask = arbTensor({ dtype: 'int32', min: -1, max: 1, shape: arbShape({ minRank: 1, maxRank: 3, maxDim: 3 }) }).map((t) => [t]);
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/** Rows for the scans and the wave-2 reductions. */
export const scanRows: OpRow[] = [
  ...scanVariants('cumsum', (x, a) => x.cumsum(a), 0, (acc, v) => acc + v, distinct()),
  // cumprod of values with mixed signs, some near 0; exact zeros are pinned in scan.test.ts.
  ...scanVariants('cumprod', (x, a) => x.cumprod(a), 1, (acc, v) => acc * v, nonzero()),
  ...scanVariants('logcumsumexp', (x, a) => x.logcumsumexp(a), -Infinity, lae, distinct(-3, 3)),
  ...scanVariants('cummax values', (x, a) => x.cummax(a).values, -Infinity, Math.max, distinct(), false),
  ...scanVariants('cummin values', (x, a) => x.cummin(a).values, Infinity, Math.min, distinct(), false),
  ...reductionRows('amax', (x, a, k) => x.amax(a, k), (v) => Math.max(...v), distinct()),
  ...reductionRows('amin', (x, a, k) => x.amin(a, k), (v) => Math.min(...v), distinct()),
  ...reductionRows('nansum', (x, a, k) => x.nansum(a, k), sum, distinct(), { twice: true }),
  ...reductionRows('nanmean', (x, a, k) => x.nanmean(a, k), (v) => sum(v) / v.length, distinct(), { twice: true }),
  ...reductionRows('all', (x, a, k) => x.all(a, k), (v) => Number(v.every((e) => e !== 0)), intMask, { noGrad: true }),
  ...reductionRows('any', (x, a, k) => x.any(a, k), (v) => Number(v.some((e) => e !== 0)), intMask, { noGrad: true }),
  ...reductionRows('countNonzero', (x, a) => x.countNonzero(a), (v) => v.filter((e) => e !== 0).length, intMask, { noGrad: true }).filter((r) => !r.name.includes('keepDims')),
];
