import * as ops from '../index.js';
import { arbTensor } from '../../testing/arbitraries.js';
import { binaryInputs, elementwiseRef, unaryInputs, type OpRow } from './harness.js';

const erfRef = (x: number): number => {
  // Abramowitz-Stegun 7.1.26 is too coarse for 1e-10; integrate the series instead (x is small here).
  let term = x, sum = x;
  for (let n = 1; n < 80; n++) { term *= (-x * x) / n; sum += term / (2 * n + 1); }
  return (2 / Math.sqrt(Math.PI)) * sum;
};
const sig = (v: number) => 1 / (1 + Math.exp(-v));

const unary = (name: string, fn: OpRow['fn'], f: (v: number) => number, domain = {}, twice = true): OpRow => ({
  name, fn, ref: elementwiseRef(f), inputs: unaryInputs(domain), twice,
});
const binary = (name: string, fn: OpRow['fn'], f: (a: number, b: number) => number, dx = {}, dy = dx): OpRow => ({
  name, fn, ref: elementwiseRef(f), inputs: binaryInputs(dx, dy), twice: true,
});

const positive = { min: 0.2, max: 3 };
const awayFromZero = { avoid: [0] };

/** Rows for every elementwise op of the contract (kinks are avoided here and pinned in exact tests). */
export const elementwiseRows: OpRow[] = [
  binary('add', (x, y) => x!.add(y!), (a, b) => a + b),
  binary('sub', (x, y) => x!.sub(y!), (a, b) => a - b),
  binary('mul', (x, y) => x!.mul(y!), (a, b) => a * b),
  binary('div', (x, y) => x!.div(y!), (a, b) => a / b, {}, { min: 0.5, max: 2 }),
  binary('pow', (x, y) => x!.pow(y!), (a, b) => Math.pow(a, b), positive, { min: -2, max: 2 }),
  // maximum/minimum: |x| >= 0.1 > |y| rules out ties (pinned in exact tests) while both orders occur.
  binary('maximum', (x, y) => x!.maximum(y!), (a, b) => Math.max(a, b), awayFromZero, { min: -0.05, max: 0.05 }),
  binary('minimum', (x, y) => x!.minimum(y!), (a, b) => Math.min(a, b), awayFromZero, { min: -0.05, max: 0.05 }),
  unary('neg', (x) => x!.neg(), (v) => -v),
  unary('exp', (x) => x!.exp(), Math.exp),
  unary('log', (x) => x!.log(), Math.log, positive),
  unary('log1p', (x) => x!.log1p(), Math.log1p, { min: -0.5, max: 3 }),
  unary('expm1', (x) => x!.expm1(), Math.expm1),
  unary('sqrt', (x) => x!.sqrt(), Math.sqrt, positive),
  unary('rsqrt', (x) => x!.rsqrt(), (v) => 1 / Math.sqrt(v), positive),
  unary('abs', (x) => x!.abs(), Math.abs, awayFromZero, false),
  unary('square', (x) => x!.square(), (v) => v * v),
  unary('reciprocal', (x) => x!.reciprocal(), (v) => 1 / v, { min: 0.3, max: 3 }),
  unary('sin', (x) => x!.sin(), Math.sin),
  unary('cos', (x) => x!.cos(), Math.cos),
  unary('tanh', (x) => x!.tanh(), Math.tanh),
  unary('sigmoid', (x) => x!.sigmoid(), sig),
  unary('relu', (x) => x!.relu(), (v) => Math.max(v, 0), awayFromZero, false),
  unary('leakyRelu', (x) => x!.leakyRelu(0.1), (v) => (v > 0 ? v : 0.1 * v), awayFromZero, false),
  unary('elu', (x) => x!.elu(1.5), (v) => (v > 0 ? v : 1.5 * Math.expm1(v)), awayFromZero, false),
  unary('gelu', (x) => x!.gelu(), (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2))),
  unary('gelu tanh', (x) => x!.gelu({ approximate: 'tanh' }), (v) =>
    0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))),
  unary('silu', (x) => x!.silu(), (v) => v * sig(v)),
  unary('softplus', (x) => x!.softplus(), (v) => Math.log1p(Math.exp(v))),
  unary('clamp', (x) => x!.clamp(-0.5, 0.7), (v) => Math.min(Math.max(v, -0.5), 0.7), { avoid: [-0.5, 0.7] }, false),
  {
    name: 'where',
    fn: (c, x, y) => ops.where(c!.gt(0), x!, y!),
    ref: elementwiseRef((c, a, b) => (c! > 0 ? a! : b!)),
    inputs: binaryInputs().chain(([x, y]) => arbTensor({ ...awayFromZero, shape: x!.shape }).map((c) => [c, x!, y!])),
    twice: true,
  },
  ...(['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const).map((op): OpRow => ({
    name: op,
    fn: (x, y) => ops[op](x!, y!),
    ref: elementwiseRef((a, b) => Number({ eq: a === b, ne: a !== b, lt: a! < b!, le: a! <= b!, gt: a! > b!, ge: a! >= b! }[op])),
    inputs: binaryInputs({ dtype: 'int32', min: -2, max: 2 }),
    twice: false,
    noGrad: true,
  })),
];
