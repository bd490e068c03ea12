import { describe, expect, it } from 'vitest';
import { randint, randn } from '../../creation/random.js';
import { tensor } from '../../creation/tensor.js';
import { grad, vjp } from '../../autodiff/functional.js';
import { hessian, jacobian } from '../../autodiff/jacobian.js';
import { sign } from '../../ops/elementwise.js';
import { stack } from '../../ops/join.js';
import { cummax, cummin, cumprod, cumsum, logcumsumexp } from '../../ops/scan.js';
import { indexCopy, indexFill, scatter, scatterReduce, type ScatterReduction } from '../../ops/scatter.js';
import { argsort, kthvalue, searchsorted, sort, topk } from '../../ops/sort.js';
import * as sp from '../../ops/special.js';
import { Generator } from '../../random.js';
import type { Tensor, TensorLike } from '../../tensor/tensor.js';
import { jvp } from '../../transforms/forward.js';
import { apply } from '../apply.js';
import { vmap } from '../../transforms/vmap.js';

// vmap and forward-mode rules of the sort primitives (argsort, searchsorted, scatterReduce), the scans
// (cumsum, cumprod, logcumsumexp, cumIndex) and the special functions (special, polygamma, special2), through
// the public ops built on them: vmap against the stacked loop, jvp against central differences (float64), and
// per-example gradients (vmap(grad(f))) against a loop of grad(f).
const gen = new Generator(23);
const rnd = (shape: readonly number[], lo?: number, hi?: number): Tensor => {
  const z = randn(shape, { dtype: 'float64', generator: gen });
  return lo === undefined ? z : z.sigmoid().mul(hi! - lo).add(lo); // values spread over (lo, hi)
};
const ints = (high: number, shape: number[]): Tensor => randint(0, high, shape, { generator: gen });
const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
type Fn = (...xs: Tensor[]) => Tensor;

/** Stacks f over the examples: slice i of each argument along its axis (null: the argument is shared). */
function loop(f: Fn, args: Tensor[], axes: (number | null)[]): Tensor {
  const k = axes.findIndex((a) => a !== null);
  const size = args[k]!.shape[axes[k]!]!;
  return stack(Array.from({ length: size }, (_, i) => f(...args.map((x, j) => (axes[j] === null ? x : x.select(axes[j]!, i))))));
}

/** max |a - b| <= tol * (1 + max |b|), shapes and dtypes equal. */
function close(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  if (b.size === 0) return;
  const err = a.astype('float64').sub(b.astype('float64')).abs().max().item();
  expect(err).toBeLessThanOrEqual(tol * (1 + b.astype('float64').abs().max().item()));
}

/** vmap(f) with these inAxes equals the stacked loop (to 1e-12; integer results exactly). */
function checkVmap(f: Fn, args: Tensor[], axes: (number | null)[]): void {
  close(vmap(f, { inAxes: axes })(...args), loop(f, args, axes), 1e-12);
}

/** The forward-mode tangent along random directions against central differences, eps 1e-6. */
function checkJvp(f: Fn, args: Tensor[]): void {
  const ts = args.map((x) => rnd(x.shape));
  const [out, tangent] = jvp(f, args, ts);
  close(out, f(...args), 0);
  const eps = 1e-6;
  const plus = f(...args.map((x, i) => x.add(ts[i]!.mul(eps))));
  const minus = f(...args.map((x, i) => x.sub(ts[i]!.mul(eps))));
  close(tangent, plus.sub(minus).div(2 * eps), 1e-6);
}

/** An integer-valued result has tangent zero (of its shape). */
function checkZeroTangent(f: Fn, args: Tensor[]): void {
  const [out, tangent] = jvp(f, args, args.map((x) => rnd(x.shape)));
  expect(tangent.shape).toEqual(out.shape);
  expect(tangent.abs().sum().item()).toBe(0);
}

/** Per-example gradients: vmap(grad(sum(w f))) over the batch of x (axis 0), the other args shared. */
function checkPerExample(f: Fn, xs: Tensor, shared: Tensor[] = []): void {
  const w = rnd(f(xs.select(0, 0), ...shared).shape);
  const loss = (x: Tensor, ...rest: Tensor[]) => f(x, ...rest).mul(w).sum();
  const axes = [0, ...shared.map(() => null)];
  close(vmap(grad(loss), { inAxes: axes })(xs, ...shared), loop(grad(loss), [xs, ...shared], axes), 1e-12);
}

/** J t from a loop of vjps of the basis cotangents (reverse mode, no vmap): the vjp's own conventions. */
function vjpTimes(f: Fn, args: Tensor[], ts: Tensor[]): Tensor {
  const [out, pull] = vjp(f, ...args);
  const rows = Array.from({ length: out.size }, (_, i) => {
    const e = f64(Array.from({ length: out.size }, (_, j) => (i === j ? 1 : 0))).reshape(out.shape);
    return pull(e).reduce((acc, g, k) => acc.add(g.mul(ts[k]!).sum()), f64([0]).sum());
  });
  return stack(rows).reshape(out.shape);
}

describe('vmap and jvp of argsort (sort, argsort, topk, kthvalue)', () => {
  const x = rnd([4, 3, 5]);
  const ops: [string, Fn][] = [
    ['sort values', (t) => sort(t, -1).values],
    ['sort indices (descending)', (t) => sort(t, 0, { descending: true }).indices],
    ['argsort', (t) => argsort(t, 1)],
    ['topk values', (t) => topk(t, 2, -1).values],
    ['topk smallest indices', (t) => topk(t, 2, 0, { largest: false }).indices],
    ['kthvalue', (t) => kthvalue(t, 2, -1).values],
  ];
  for (const [name, f] of ops) {
    it(`${name}: vmap over axis 0 and axis 2 equals the stacked loop`, () => {
      checkVmap(f, [x], [0]);
      checkVmap(f, [x], [2]);
    });
  }
  it('values: jvp against central differences, per-example gradients against the loop', () => {
    for (const [, f] of [ops[0]!, ops[3]!, ops[5]!]) {
      checkJvp(f, [x]);
      checkPerExample(f, x);
    }
  });
  it('indices have tangent zero', () => {
    checkZeroTangent(ops[2]![1], [x]);
    checkZeroTangent(ops[4]![1], [x]);
  });
});

describe('vmap and jvp of searchsorted', () => {
  const sorted = (shape: number[]) => sort(rnd(shape), -1).values;
  for (const right of [false, true]) {
    const f = (s: Tensor, v: Tensor) => searchsorted(s, v, { right });
    it(`1-D sequences (right ${right}): batched, shared, and batch on a later axis`, () => {
      const v = rnd([4, 6]).round(); // ties with the sequence's rounded entries exercise right
      const s = sorted([4, 7]).round();
      checkVmap(f, [s, v], [0, 0]);
      checkVmap(f, [s.select(0, 1), v], [null, 0]); // one shared sequence
      checkVmap(f, [s, v.reshape([4, 2, 3]).movedim(0, 2)], [0, 2]); // values [2, 3] per example, batch last
      checkVmap(f, [s, rnd([2, 3])], [0, null]); // shared values, one sequence per example
      checkVmap(f, [s.select(0, 0), rnd([5])], [null, 0]); // 0-d values per example
      checkVmap(f, [s, rnd([4])], [0, 0]);
    });
    it(`sequences with leading axes (right ${right}): batched, shared (folded into the values); nested vmap`, () => {
      const s = sorted([3, 2, 6]).round();
      const v = rnd([3, 2, 4]).round();
      checkVmap(f, [s, v], [0, 0]);
      checkVmap(f, [s.select(0, 0), v.movedim(0, 2)], [null, 2]);
      checkVmap(f, [s, v.select(0, 0)], [0, null]);
      // vmap of vmap: out[i][j] = f(s1_i, v1_j), the sequence batched by the outer level only.
      const [s1, v1] = [sorted([3, 6]), rnd([4, 5])];
      const nested = vmap(vmap(f, { inAxes: [null, 0] }), { inAxes: [0, null] });
      close(nested(s1, v1), stack([0, 1, 2].map((i) => stack([0, 1, 2, 3].map((j) => f(s1.select(0, i), v1.select(0, j)))))), 0);
    });
  }
  it('has tangent zero', () => checkZeroTangent((v) => searchsorted(sorted([6]), v), [rnd([2, 3])]));
});

describe('vmap and jvp of scatterReduce (scatter, scatterReduce, indexCopy, indexFill)', () => {
  const reductions: ScatterReduction[] = ['sum', 'prod', 'mean', 'amax', 'amin'];
  const idx = ints(3, [4, 2, 5]); // per example [2, 5] into axis 0 of x [3, 5]
  const x = rnd([4, 3, 5]);
  const src = rnd([4, 2, 5]);
  for (const reduce of reductions) {
    for (const includeSelf of [true, false]) {
      const f = (a: Tensor, b: Tensor, i: Tensor) => scatterReduce(a, 0, i, b, reduce, { includeSelf });
      it(`${reduce} (includeSelf ${includeSelf}): vmap with batched, shared and moved operands`, () => {
        const i1 = idx.select(0, 1);
        checkVmap(f, [x, src, i1], [0, 0, null]);
        checkVmap(f, [x.select(0, 0), src, i1], [null, 0, null]);
        checkVmap(f, [x.movedim(0, 2), src.movedim(0, 1), i1], [2, 1, null]);
        checkVmap(f, [x, src.select(0, 2), i1], [0, null, null]);
        // A batched index through the primitive itself (the public op's rows are below).
        const p = (a: Tensor, b: Tensor, i: Tensor) => apply('scatterReduce', [a, b, i], { axis: 0, op: reduce, includeSelf });
        checkVmap(p, [x, src, idx], [0, 0, 0]);
        checkVmap(p, [x.select(0, 0), src.select(0, 1), idx.movedim(0, 2)], [null, null, 2]);
      });
      it(`${reduce} (includeSelf ${includeSelf}): jvp and per-example gradients`, () => {
        const i0 = idx.select(0, 0);
        checkJvp((a, b) => f(a, b, i0), [x.select(0, 0), src.select(0, 0)]);
        checkPerExample((a, b) => f(a, b, i0), x, [src.select(0, 1)]);
        checkPerExample((b, a) => f(a, b, i0), src, [x.select(0, 1)]);
      });
    }
  }
  it('a batched index through the public ops (the index check reads the batch of indices)', () => {
    for (const reduce of reductions) checkVmap((a, b, i) => scatterReduce(a, 0, i, b, reduce), [x, src, idx], [0, 0, 0]);
    checkVmap((a, b, i) => scatter(a, 0, i, b), [x, src.select(0, 0), idx.movedim(0, 1)], [0, null, 1]);
    checkVmap(grad((a: Tensor, b: Tensor, i: Tensor) => scatterReduce(a, 0, i, b, 'amax').sum(), { argnums: 1 }), [x.select(0, 0), src, idx], [null, 0, 0]);
  });
  it('scatter (last write wins), with a tensor and a number, indexCopy and indexFill', () => {
    const i = f64([[0, 2, 2], [1, 1, 0]]).astype('int32');
    const fs: Fn[] = [(a, b) => scatter(a, 1, i, b), (a) => scatter(a, 1, i, 7), (a, b) => indexCopy(a, 1, tensor([2, 0], { dtype: 'int32' }), b.narrow(1, 0, 2))];
    fs.push((a) => indexFill(a, 0, tensor([1], { dtype: 'int32' }), -2));
    const a = rnd([5, 2, 3]);
    const b = rnd([5, 2, 3]);
    for (const f of fs) {
      checkVmap(f, [a, b], [0, 0]);
      checkVmap(f, [a.movedim(0, 2), b.select(0, 0)], [2, null]);
      checkJvp(f, [a.select(0, 0), b.select(0, 0)]);
      checkPerExample(f, a, [b.select(0, 1)]);
    }
  });
  it('amax ties and prod zeros: the jvp is J t for the J the vjp uses (ties split evenly, products of the others)', () => {
    const i = tensor([0, 0, 1, 1, 1, 2], { dtype: 'int32' });
    const cases: [ScatterReduction, Tensor, Tensor][] = [
      ['amax', f64([2, 5, 1]), f64([2, 2, 5, 5, 5, -1])], // target 0: x and two src tie; target 1: four-way tie
      ['amin', f64([2, 5, 1]), f64([2, 3, 5, 6, 5, 1])],
      ['prod', f64([0, 2, 0]), f64([3, 0, 0, 4, 0.5, 2])], // zeros in x, one and two zeros among src
      ['prod', f64([1.5, 2, 3]), f64([0, 2, 3, 0, 4, 0])],
    ];
    for (const [reduce, xv, sv] of cases) {
      for (const includeSelf of [true, false]) {
        const f = (a: Tensor, b: Tensor) => scatterReduce(a, 0, i, b, reduce, { includeSelf });
        const ts = [rnd([3]), rnd([6])];
        close(jvp(f, [xv, sv], ts)[1], vjpTimes(f, [xv, sv], ts), 1e-12);
        if (reduce === 'prod') checkJvp(f, [xv, sv]); // multilinear: central differences are exact at zeros
      }
    }
  });
});

describe('vmap and jvp of the scans (cumsum, cumprod, logcumsumexp, cummax, cummin)', () => {
  const x = rnd([4, 3, 5]);
  const withZeros = x.mul(x.gt(-0.6).astype('float64')); // exact zeros, several in some slices
  const ops: [string, Fn, Tensor][] = [
    ['cumsum', (t) => cumsum(t, -1), x],
    ['cumprod', (t) => cumprod(t, 0), x],
    ['cumprod with zeros', (t) => cumprod(t, -1), withZeros],
    ['logcumsumexp', (t) => logcumsumexp(t, 1), x],
  ];
  for (const [name, f, input] of ops) {
    it(`${name}: vmap (axes 0 and 1), jvp against central differences, per-example gradients`, () => {
      checkVmap(f, [input], [0]);
      checkVmap(f, [input], [1]);
      checkJvp(f, [input.select(0, 0)]);
      checkPerExample(f, input);
    });
  }
  // cumIndex and its gather, straight from the primitives (ops/scan.ts adds only validation around them).
  const cumIndex = (t: Tensor, op: 'max' | 'min', axis: number) => apply('cumIndex', [t], { op, axis });
  const cumValues = (t: Tensor, op: 'max' | 'min', axis: number) => apply('gather', [t, cumIndex(t, op, axis)], { axis });
  it('cumIndex (cummax / cummin indices): vmap equals the loop exactly, tangent zero', () => {
    for (const [op, axis] of [['max', 1], ['min', 0]] as const) {
      checkVmap((t) => cumIndex(t, op, axis), [x], [0]);
      checkVmap((t) => cumIndex(t, op, axis), [x], [2]);
      close(cumIndex(x.select(0, 1), op, axis), (op === 'max' ? cummax : cummin)(x.select(0, 1), axis).indices, 0);
      checkZeroTangent((t) => (op === 'max' ? cummax : cummin)(t, axis).indices, [x]);
    }
  });
  it('cummax / cummin values: vmap, jvp against central differences, per-example gradients', () => {
    for (const [op, axis] of [['max', 1], ['min', 0]] as const) {
      const f = (t: Tensor) => cumValues(t, op, axis);
      close(f(x.select(0, 0)), (op === 'max' ? cummax : cummin)(x.select(0, 0), axis).values, 0);
      checkVmap(f, [x], [1]);
      checkJvp((t) => (op === 'max' ? cummax : cummin)(t, axis).values, [x.select(0, 0)]);
      checkPerExample(f, x);
    }
  });
  it('public cummax / cummin (values and indices) under vmap, and their per-example gradients', () => {
    for (const f of [(t: Tensor) => cummax(t, -1).values, (t: Tensor) => cummin(t, 0).values]) {
      checkVmap(f, [x], [0]);
      checkVmap(f, [x], [2]);
      checkPerExample(f, x);
    }
    checkVmap((t) => cummax(t, 0).indices, [x], [1]);
    checkVmap((t) => cummin(t, -1).indices, [x], [0]);
  });
  it('logcumsumexp jvp is finite and right across huge spreads and -inf prefixes', () => {
    const big = f64([[-1000, 0, 800, -5, 790], [-Infinity, -Infinity, 3, -Infinity, 700]]);
    const f = (t: Tensor) => logcumsumexp(t, 1);
    const t = rnd([2, 5]);
    const [, tangent] = jvp(f, [big], [t]);
    // d out_i = sum_{j <= i} e^(x_j - out_i) t_j, evaluated per entry in plain arithmetic.
    const xv = big.toArray() as number[][];
    const tv = t.toArray() as number[][];
    const want = xv.map((row, r) => row.map((_, i) => {
      const m = Math.max(...row.slice(0, i + 1));
      if (m === -Infinity) return 0;
      const out = m + Math.log(row.slice(0, i + 1).reduce((s, v) => s + Math.exp(v - m), 0));
      return row.slice(0, i + 1).reduce((s, v, j) => s + Math.exp(v - out) * tv[r]![j]!, 0);
    }));
    close(tangent, f64(want), 1e-12);
  });
  it('cumprod with zeros: tangent matches the vjp at zeros, and jvp composes under vmap', () => {
    const z = f64([[2, 0, 3, 0, 5], [0, 1.5, -2, 4, 1], [1, 2, 3, 4, 0.5]]);
    const f = (t: Tensor) => cumprod(t, -1);
    const t = rnd([3, 5]);
    close(jvp(f, [z], [t])[1], vjpTimes(f, [z], [t]), 1e-12);
    const g = (u: Tensor, v: Tensor) => jvp(f, [u], [v])[1];
    checkVmap(g, [z, rnd([3, 5])], [0, 0]);
    const h = (u: Tensor, v: Tensor) => jvp((w: Tensor) => logcumsumexp(w, 0), [u], [v])[1];
    checkVmap(h, [rnd([4, 6]), rnd([6, 4])], [0, 1]);
  });
});

describe('vmap and jvp of the special functions', () => {
  const unary: [string, Fn, number, number][] = [
    ['tan', sp.tan, -1.2, 1.2], ['asin', sp.asin, -0.9, 0.9], ['acos', sp.acos, -0.9, 0.9], ['atan', sp.atan, -3, 3],
    ['sinh', sp.sinh, -2, 2], ['cosh', sp.cosh, -2, 2], ['asinh', sp.asinh, -3, 3], ['acosh', sp.acosh, 1.1, 4],
    ['atanh', sp.atanh, -0.9, 0.9], ['log2', sp.log2, 0.2, 5], ['log10', sp.log10, 0.2, 5], ['exp2', sp.exp2, -3, 3],
    ['erfinv', sp.erfinv, -0.9, 0.9], ['lgamma', sp.lgamma, 0.3, 6], ['digamma', sp.digamma, 0.3, 6],
    ['polygamma 1', (t) => sp.polygamma(1, t), 0.3, 6], ['polygamma 3', (t) => sp.polygamma(3, t), 0.5, 6],
    ['floor', sp.floor, -3, 3], ['ceil', sp.ceil, -3, 3], ['trunc', sp.trunc, -3, 3], ['round', (t) => sp.round(t), -3, 3],
    ['frac', sp.frac, -3, 3], ['sign', sign, -3, 3],
  ];
  for (const [name, f, lo, hi] of unary) {
    it(`${name}: vmap (axes 0 and 1), jvp against central differences, per-example gradients`, () => {
      const x = rnd([4, 3, 2], lo, hi);
      checkVmap(f, [x], [0]);
      checkVmap(f, [x], [1]);
      checkJvp(f, [x.select(0, 0)]);
      checkPerExample(f, x);
    });
  }
  const binary: [string, (a: TensorLike, b: TensorLike) => Tensor][] = [
    ['atan2', sp.atan2], ['hypot', sp.hypot], ['fmod', sp.fmod], ['remainder', sp.remainder],
  ];
  for (const [name, f] of binary) {
    it(`${name}: vmap with a shared, a moved and a number operand; jvp; per-example gradients`, () => {
      const a = rnd([4, 3], -3, 3);
      const b = rnd([4, 3], 0.5, 2).mul(sign(rnd([4, 3])));
      checkVmap(f, [a, b], [0, 0]);
      checkVmap(f, [a, b.select(0, 0)], [0, null]);
      checkVmap(f, [a.select(0, 1), b.movedim(0, 1)], [null, 1]);
      checkVmap((u) => f(u, 1.5), [a], [1]);
      checkVmap(f, [a, b.select(0, 0).select(0, 0)], [0, null]); // a 0-d tensor beside the batch
      checkJvp(f, [a, b]);
      checkJvp((u) => f(u, 0.7), [a]);
      checkPerExample(f, a, [b.select(0, 2)]);
      checkPerExample((v, u) => f(u, v), b, [a.select(0, 2)]);
    });
  }
  it('hypot at the origin has tangent 0 (the vjp picks the same subgradient)', () => {
    const [out, t] = jvp(sp.hypot, [f64([0, 3]), f64([0, 4])], [f64([1, 1]), f64([2, 1])]);
    close(out, f64([0, 5]), 0);
    close(t, f64([0, 7 / 5]), 1e-15);
  });
});

describe('second order: hessian (forward over reverse) against the jacobian of grad (reverse over reverse)', () => {
  const base = rnd([3]);
  const rows: [string, Fn, Tensor][] = [
    ['logcumsumexp', (t) => logcumsumexp(t, 0), rnd([5])],
    ['cumprod', (t) => cumprod(t, 0), rnd([5])],
    ['scatterReduce prod', (t) => scatterReduce(base, 0, tensor([0, 2, 0, 1, 2], { dtype: 'int32' }), t, 'prod'), rnd([5])],
    ['lgamma and atan2', (t) => sp.atan2(sp.lgamma(t), t.flip(0)), rnd([4], 0.5, 3)],
  ];
  for (const [name, f, x] of rows) {
    it(name, () => {
      const w = rnd(f(x).shape);
      const loss = (t: Tensor) => f(t).mul(w).sum();
      close(hessian(loss)(x), jacobian(grad(loss))(x), 1e-10);
    });
  }
});
