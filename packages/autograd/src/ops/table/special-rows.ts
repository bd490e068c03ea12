import fc from 'fast-check';
import * as ops from '../index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import { binaryInputs, elementwiseRef, unaryInputs, type OpRow } from './harness.js';
import { digammaRef, erfRef, lgammaRef, polygammaRef } from './special-reference.js';

const unary = (name: string, fn: OpRow['fn'], f: (v: number) => number, domain = {}, twice = true, rtol?: number): OpRow => ({
  name, fn, ref: elementwiseRef(f), inputs: unaryInputs(domain), twice, ...(rtol ? { rtol } : {}),
});
const binary = (name: string, fn: OpRow['fn'], f: (a: number, b: number) => number, dx = {}, dy = dx, twice = true): OpRow => ({
  name, fn, ref: elementwiseRef(f), inputs: binaryInputs(dx, dy), twice,
});
/** Three float64 tensors of broadcastable shapes (the third a suffix shape of the first pair's). */
const ternaryInputs = (dz = {}) =>
  binaryInputs().chain(([x, y]) => arbTensor({ ...dz, shape: x!.shape.slice(1) }).map((z) => [x!, y!, z]));

/** erfinv by bisection on the erf series: independent of the kernel's Newton iteration. */
const erfinvRef = (x: number): number => {
  let lo = -4, hi = 4;
  for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (erfRef(mid) < x) lo = mid; else hi = mid; }
  return (lo + hi) / 2;
};
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const softplusRef = (v: number) => (v > 30 ? v : Math.log(1 + Math.exp(v)));
const notInteger = { avoid: [-2, -1, 0, 1, 2] as number[] };
const farFromZero = { min: -1.3, max: 1.3, avoid: [[0, 1]] as [number, number][] };
const halves = { avoid: [-1.5, -0.5, 0.5, 1.5] as number[] };

/** Rows for the wave-2 elementwise math: special functions, roundings and the arithmetic helpers. */
export const specialRows: OpRow[] = [
  unary('tan', (x) => x!.tan(), (v) => Math.sin(v) / Math.cos(v), { min: -1.3, max: 1.3 }),
  unary('asin', (x) => x!.asin(), (v) => Math.atan2(v, Math.sqrt(1 - v * v)), { min: -0.9, max: 0.9 }),
  unary('acos', (x) => x!.acos(), (v) => Math.PI / 2 - Math.atan2(v, Math.sqrt(1 - v * v)), { min: -0.9, max: 0.9 }),
  unary('atan', (x) => x!.atan(), (v) => Math.asin(v / Math.sqrt(1 + v * v))),
  unary('sinh', (x) => x!.sinh(), (v) => (Math.exp(v) - Math.exp(-v)) / 2, { avoid: [0] }),
  unary('cosh', (x) => x!.cosh(), (v) => (Math.exp(v) + Math.exp(-v)) / 2),
  unary('asinh', (x) => x!.asinh(), (v) => Math.sign(v) * Math.log(Math.abs(v) + Math.sqrt(v * v + 1)), { avoid: [0] }),
  unary('acosh', (x) => x!.acosh(), (v) => Math.log(v + Math.sqrt(v * v - 1)), { min: 1.2, max: 4 }),
  unary('atanh', (x) => x!.atanh(), (v) => 0.5 * Math.log((1 + v) / (1 - v)), { min: -0.9, max: 0.9, avoid: [0] }),
  unary('log2', (x) => x!.log2(), (v) => Math.log(v) / Math.LN2, { min: 0.2, max: 4 }),
  unary('log10', (x) => x!.log10(), (v) => Math.log(v) / Math.LN10, { min: 0.2, max: 4 }),
  unary('exp2', (x) => x!.exp2(), (v) => Math.exp(v * Math.LN2)),
  unary('erf', (x) => ops.erf(x!), erfRef, { min: -1.5, max: 1.5 }),
  unary('erfinv', (x) => x!.erfinv(), erfinvRef, { min: -0.9, max: 0.9 }),
  unary('lgamma', (x) => x!.lgamma(), lgammaRef, { min: 0.1, max: 6 }, true, 1e-9),
  unary('lgamma (negative)', (x) => x!.lgamma(), lgammaRef, { min: -2.9, max: -0.1, ...notInteger }, true, 1e-9),
  unary('digamma', (x) => x!.digamma(), digammaRef, { min: 0.1, max: 6 }, true, 1e-9),
  unary('digamma (negative)', (x) => x!.digamma(), digammaRef, { min: -2.9, max: -0.1, ...notInteger }, true, 1e-8),
  unary('polygamma 2', (x) => x!.polygamma(2), (v) => polygammaRef(2, v), { min: 0.3, max: 6 }, true, 1e-9),
  unary('polygamma 3 (negative)', (x) => x!.polygamma(3), (v) => polygammaRef(3, v), { min: -2.9, max: -0.1, ...notInteger }, true, 1e-8),
  unary('floor', (x) => x!.floor(), Math.floor, notInteger, false),
  unary('ceil', (x) => x!.ceil(), Math.ceil, notInteger, false),
  unary('trunc', (x) => x!.trunc(), Math.trunc, notInteger, false),
  unary('round', (x) => x!.round(), Math.round, halves, false),
  {
    name: 'round decimals 1',
    fn: (x) => x!.round({ decimals: 1 }),
    ref: elementwiseRef((v) => { const s = v! * 10, r = Math.round(s); return (r - s === 0.5 && r % 2 !== 0 ? r - 1 : r) / 10; }),
    inputs: unaryInputs(),
    twice: false,
    noGrad: true,
  },
  unary('frac', (x) => x!.frac(), (v) => v - Math.trunc(v), notInteger),
  unary('sign', (x) => x!.sign(), Math.sign, { avoid: [0] }, false),
  binary('atan2', (y, x) => y!.atan2(x!), (a, b) => 2 * Math.atan(a / (Math.sqrt(a * a + b * b) + b)), { min: 0.2, max: 2 }, { min: -2, max: 2 }),
  binary('hypot', (a, b) => a!.hypot(b!), (a, b) => Math.sqrt(a * a + b * b), { avoid: [0] }),
  // |a| in [1, 1.3] over |b| in [0.7, 0.95]: |a / b| stays inside (1, 2), away from the jumps of trunc and floor.
  binary('fmod', (a, b) => a!.fmod(b!), (a, b) => a - Math.trunc(a / b) * b, farFromZero, { min: 0.7, max: 0.95 }),
  binary('remainder', (a, b) => a!.remainder(b!), (a, b) => a - Math.floor(a / b) * b, farFromZero, { min: -0.95, max: 0.95, avoid: [[0, 0.7]] }),
  // |a| >= 0.1 > |b| rules out a = b, where the composite's second derivative meets abs's kink.
  binary('logaddexp', (a, b) => a!.logaddexp(b!), (a, b) => Math.log(Math.exp(a) + Math.exp(b)), { avoid: [0] }, { min: -0.05, max: 0.05 }),
  binary('xlogy', (a, b) => a!.xlogy(b!), (a, b) => a * Math.log(b), {}, { min: 0.2, max: 3 }),
  { name: 'lerp', fn: (s, e, w) => s!.lerp(e!, w!), ref: elementwiseRef((s, e, w) => s! + w! * (e! - s!)), inputs: ternaryInputs({ min: -0.4, max: 1.4, avoid: [0.5] }), twice: true },
  { name: 'addcmul', fn: (x, a, b) => x!.addcmul(a!, b!, { value: 0.7 }), ref: elementwiseRef((x, a, b) => x! + 0.7 * a! * b!), inputs: ternaryInputs(), twice: true },
  {
    name: 'addcdiv', fn: (x, a, b) => x!.addcdiv(a!, b!, { value: -2 }),
    ref: elementwiseRef((x, a, b) => x! - (2 * a!) / b!), inputs: ternaryInputs({ min: 0.5, max: 2 }), twice: true,
  },
  // Masks: int32 results, no gradient. The inputs hold zeros, so the logical ops see both truth values.
  ...([
    ['isnan', (x: Tensor) => x.isnan(), (v: number) => Number(Number.isNaN(v))],
    ['isinf', (x: Tensor) => x.isinf(), (v: number) => Number(Math.abs(v) === Infinity)],
    ['isfinite', (x: Tensor) => x.isfinite(), (v: number) => Number(Number.isFinite(v))],
    ['logicalNot', (x: Tensor) => x.logicalNot(), (v: number) => Number(v === 0)],
  ] as const).map(([name, fn, f]): OpRow => ({ name, fn: (x) => fn(x!), ref: elementwiseRef(f), inputs: unaryInputs({ dtype: 'int32', min: -1, max: 1 }), twice: false, noGrad: true })),
  ...([
    ['logicalAnd', (a: Tensor, b: Tensor) => a.logicalAnd(b), (p: number, q: number) => Number(p !== 0 && q !== 0)],
    ['logicalOr', (a: Tensor, b: Tensor) => a.logicalOr(b), (p: number, q: number) => Number(p !== 0 || q !== 0)],
    ['logicalXor', (a: Tensor, b: Tensor) => a.logicalXor(b), (p: number, q: number) => Number((p !== 0) !== (q !== 0))],
  ] as const).map(([name, fn, f]): OpRow => ({ name, fn: (a, b) => fn(a!, b!), ref: elementwiseRef(f), inputs: binaryInputs({ dtype: 'int32', min: -1, max: 1 }), twice: false, noGrad: true })),
  unary('nanToNum', (x) => x!.nanToNum(), (v) => v),
  unary('mish', (x) => x!.mish(), (v) => v * Math.tanh(softplusRef(v))),
  unary('hardswish', (x) => x!.hardswish(), (v) => (v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6), { min: -4, max: 4, avoid: [-3, 3] }, false),
  unary('hardsigmoid', (x) => x!.hardsigmoid(), (v) => Math.min(Math.max(v / 6 + 0.5, 0), 1), { min: -4, max: 4, avoid: [-3, 3] }, false),
  unary('selu', (x) => x!.selu(), (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1)), { avoid: [0] }),
  unary('celu', (x) => x!.celu({ alpha: 1.5 }), (v) => (v > 0 ? v : 1.5 * (Math.exp(v / 1.5) - 1)), { avoid: [0] }),
  unary('relu6', (x) => x!.relu6(), (v) => Math.min(Math.max(v, 0), 6), { min: -3, max: 7, avoid: [0, 6] }, false),
  unary('hardtanh', (x) => x!.hardtanh({ min: -0.5, max: 0.7 }), (v) => Math.min(Math.max(v, -0.5), 0.7), { avoid: [-0.5, 0.7] }, false),
  unary('softsign', (x) => x!.softsign(), (v) => v / (1 + Math.abs(v)), { avoid: [0] }),
  unary('logsigmoid', (x) => x!.logsigmoid(), (v) => Math.log(sig(v))),
  unary('softplus beta threshold', (x) => x!.softplus({ beta: 2, threshold: 3 }), (v) => (2 * v > 3 ? v : Math.log(1 + Math.exp(2 * v)) / 2), { avoid: [1.5] }),
  {
    name: 'glu (axis 0 and -1)',
    fn: (x) => x!.glu(0).add(x!.glu(-1).sum()),
    ref: (x) => {
      const [n, m] = x!.shape as [number, number];
      const d = x!.data();
      const last = Array.from({ length: n * (m / 2) }, (_, k) => {
        const i = Math.floor(k / (m / 2)), j = k % (m / 2);
        return d[i * m + j]! * sig(d[i * m + j + m / 2]!);
      }).reduce((a, b) => a + b, 0);
      const data = Array.from({ length: (n / 2) * m }, (_, k) => d[k]! * sig(d[k + (n / 2) * m]!) + last);
      return { shape: [n / 2, m], data };
    },
    inputs: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([a, b]) => arbTensor({ shape: [2 * a, 2 * b] }).map((t) => [t])),
    twice: true,
  },
  {
    name: 'prelu (per channel)',
    fn: (x, w) => x!.prelu(w!),
    ref: (x, w) => {
      const inner = x!.shape.slice(2).reduce((a, b) => a * b, 1);
      const c = x!.shape[1]!;
      const ws = w!.data();
      return { shape: x!.shape, data: Array.from(x!.data(), (v, i) => (v > 0 ? v : ws[Math.floor(i / inner) % c]! * v)) };
    },
    inputs: arbShape({ minRank: 2, maxRank: 4, maxDim: 3 }).chain((s) =>
      fc.tuple(arbTensor({ shape: s, avoid: [0] }), arbTensor({ shape: [s[1]!], min: 0.1, max: 0.5 }))),
    twice: true,
  },
];
