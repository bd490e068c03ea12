import fc from 'fast-check';
import { expect } from 'vitest';
import { tensor } from '../../creation/tensor.js';
import { ValueError } from '../../errors.js';
import { Generator } from '../../random.js';
import { isFloat } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import { jvp } from '../../transforms/forward.js';
import { vmap } from '../../transforms/vmap.js';
import { stack } from '../join.js';
import type { OpRow } from './harness.js';

/** Batch size of the vmap rows: the row's own inputs, then two permutations of them. */
const B = 3;
const EPS = 1e-6;

/** A seeded uniform source in [0, 1), so permutations and tangents follow fast-check's seed. */
function rng(seed: number): () => number {
  const g = new Generator(seed);
  return () => g.uniform();
}

/** x with its flat values shuffled (Fisher-Yates): same shape, dtype and set of values (domain, index range). */
function permuted(x: Tensor, next: () => number): Tensor {
  const d = Array.from(x.data());
  for (let i = d.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [d[i], d[j]] = [d[j]!, d[i]!];
  }
  return tensor(d, { dtype: x.dtype, shape: x.shape.slice() });
}

/** Whether input k keeps its values in every example (`vmapRepeat`: its structure would not survive a shuffle). */
const repeats = (row: OpRow, k: number): boolean =>
  row.vmapRepeat === true || (Array.isArray(row.vmapRepeat) && row.vmapRepeat.includes(k));

/** `got` equals `want`: shape, dtype, int32 exactly, floats to tol (1 + |want|) per element, NaN == NaN. */
function expectClose(got: Tensor, want: Tensor, tol: number, what: string): void {
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  const g = got.data(), w = want.data();
  for (let i = 0; i < w.length; i++) {
    const a = g[i]!, b = w[i]!;
    const ok = Number.isNaN(b) ? Number.isNaN(a) : !Number.isFinite(b) || !isFloat(want.dtype) ? a === b : Math.abs(a - b) <= tol * (1 + Math.abs(b));
    if (!ok) expect.fail(`${what}: element ${i} is ${a}, expected ${b} (tolerance ${tol} relative)`);
  }
}

/**
 * vmap row: a batch of B examples per input (the row's inputs, then seeded permutations of their flat values,
 * or the inputs repeated where `vmapRepeat` says so) checked against stacking `row.fn` over the examples, to
 * 1e-12: (a) every input batched at axis 0, (b) each input batched at a random axis, (c) input 0 shared
 * (inAxes null) when there are two or more. Rows with `vmap: 'data-dependent'` must instead throw the
 * ValueError that says a batched tensor's values cannot be read.
 */
export function checkVmapRow(row: OpRow, runs = 4): void {
  fc.assert(
    fc.property(row.inputs, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (xs, seed) => {
      const next = rng(seed);
      const examples = Array.from({ length: B }, (_, b) => xs.map((x, k) => (b === 0 || repeats(row, k) ? x : permuted(x, next))));
      const batch = (k: number, axis: number) => stack(examples.map((e) => e[k]!), axis);
      if (row.vmap === 'data-dependent') {
        let err: unknown = null;
        try {
          vmap(row.fn)(...xs.map((_, k) => batch(k, 0)));
        } catch (e) {
          err = e;
        }
        expect(err, `${row.name}: vmap should refuse a data-dependent shape`).toBeInstanceOf(ValueError);
        expect((err as Error).message).toMatch(/cannot read the values of a tensor batched by vmap/);
        return;
      }
      const cases: { label: string; axes: (number | null)[] }[] = [
        { label: 'axis 0', axes: xs.map(() => 0) },
        { label: 'random axes', axes: xs.map((x) => Math.floor(next() * (x.ndim + 1))) },
      ];
      if (xs.length >= 2) cases.push({ label: 'input 0 unbatched', axes: xs.map((_, k) => (k === 0 ? null : 0)) });
      for (const { label, axes } of cases) {
        const args = xs.map((x, k) => (axes[k] === null ? x : batch(k, axes[k]!)));
        const got = vmap(row.fn, { inAxes: axes })(...args);
        const want = stack(examples.map((e) => row.fn(...e.map((x, k) => (axes[k] === null ? xs[k]! : x)))));
        expectClose(got, want, 1e-12, `${row.name} vmap (${label}, inAxes [${axes.join(', ')}])`);
      }
    }),
    { seed: 11, numRuns: runs, includeErrorInReport: true },
  );
}

/**
 * jvp row: forward-mode `jvp` along seeded random float64 tangents of the float inputs (int32 inputs stay
 * fixed: they have no tangent) against central differences (f(x + eps v) - f(x - eps v)) / 2 eps, eps 1e-6,
 * to `row.jvpTol ?? 1e-6` relative, and the tangent shaped like the output. `noGrad` rows: the tangent is all
 * zeros (an all-int32 row's integer-valued inputs are cast to float64 to serve as primals).
 */
export function checkJvpRow(row: OpRow, runs = 4): void {
  fc.assert(
    fc.property(row.inputs, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (xs0, seed) => {
      const next = rng(seed);
      const noFloat = !xs0.some((x) => isFloat(x.dtype));
      const xs = row.noGrad && noFloat ? xs0.map((x) => x.astype('float64')) : xs0;
      const slots = xs.flatMap((x, k) => (isFloat(x.dtype) ? [k] : []));
      const g = (...ps: Tensor[]) => row.fn(...xs.map((x, k) => (slots.includes(k) ? ps[slots.indexOf(k)]! : x)));
      const primals = slots.map((k) => xs[k]!);
      const vs = primals.map((p) => tensor(Array.from({ length: p.size }, () => 2 * next() - 1), { dtype: 'float64', shape: p.shape.slice() }).astype(p.dtype));
      const [y, dy] = jvp(g, primals, vs);
      expectClose(y, g(...primals), 1e-12, `${row.name} jvp primal`);
      expect(dy.shape, `${row.name}: tangent shape`).toEqual(y.shape);
      if (row.noGrad) {
        const bad = Array.from(dy.data()).findIndex((v) => v !== 0);
        if (bad >= 0) expect.fail(`${row.name}: jvp tangent of an integer-valued op has element ${bad} = ${dy.data()[bad]}, expected 0`);
        return;
      }
      const plus = g(...primals.map((p, i) => p.add(vs[i]!.mul(EPS))));
      const minus = g(...primals.map((p, i) => p.sub(vs[i]!.mul(EPS))));
      expectClose(dy, plus.sub(minus).div(2 * EPS), row.jvpTol ?? 1e-6, `${row.name} jvp vs central differences`);
    }),
    { seed: 13, numRuns: runs, includeErrorInReport: true },
  );
}
