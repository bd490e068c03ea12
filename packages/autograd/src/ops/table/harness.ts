import fc from 'fast-check';
import { expect } from 'vitest';
import { contiguousStrides, broadcastShapes, sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { arbBroadcastableShapes, arbShape, arbTensor, type ArbTensorOptions } from '../../testing/arbitraries.js';
import { gradcheck, gradgradcheck } from '../../testing/gradcheck.js';

/** A plain-JS result: shape and row-major values. */
export interface RefResult {
  shape: readonly number[];
  data: number[];
}

/**
 * One row of the op table: the op, a plain-JS reference for its forward, generated inputs (whose values
 * avoid the op's kinks), and whether the second derivative is checked too. Adding an op = adding a row.
 */
export interface OpRow {
  name: string;
  fn: (...xs: Tensor[]) => Tensor;
  ref: (...xs: Tensor[]) => RefResult;
  inputs: fc.Arbitrary<Tensor[]>;
  /** False for ops whose second derivative is zero-by-construction or undefined. */
  twice: boolean;
  /** Relative tolerance of the forward check (float64 inputs). */
  rtol?: number;
  /** Skip gradcheck (non-differentiable ops such as comparisons). */
  noGrad?: boolean;
  /**
   * vmap row (transform-check.ts): the batch repeats these inputs (`true`: every input) instead of shuffling
   * their values, for inputs whose structure a shuffle breaks (sorted boundaries, per-row distinct indices).
   */
  vmapRepeat?: true | readonly number[];
  /** vmap row: the output's shape depends on the values, so vmap must refuse it (as JAX and functorch do). */
  vmap?: 'data-dependent';
  /** jvp row: relative tolerance against central differences (default 1e-6), for ill-conditioned ops. */
  jvpTol?: number;
}

/** Reads element `flat` of the broadcast output from input `t` (right-aligned NumPy broadcasting). */
function broadcastRead(t: Tensor, data: ArrayLike<number>, outShape: number[], flat: number): number {
  const outStrides = contiguousStrides(outShape);
  const strides = contiguousStrides(t.shape);
  const lead = outShape.length - t.ndim;
  let off = 0;
  for (let i = 0; i < t.ndim; i++) {
    const idx = Math.floor(flat / outStrides[i + lead]!) % outShape[i + lead]!;
    off += (t.shape[i] === 1 ? 0 : idx) * strides[i]!;
  }
  return data[off]!;
}

/** Reference for an elementwise op of any arity: broadcasts the inputs and applies `f` per element. */
export function elementwiseRef(f: (...v: number[]) => number) {
  return (...xs: Tensor[]): RefResult => {
    const shape = xs.reduce<number[]>((s, t) => broadcastShapes('ref', s, t.shape), []);
    const datas = xs.map((t) => t.data());
    const data = Array.from({ length: sizeOf(shape) }, (_, k) => f(...xs.map((t, i) => broadcastRead(t, datas[i]!, shape, k))));
    return { shape, data };
  };
}

/** Inputs for a unary op: one float64 tensor of rank 0..4 within the domain. */
export const unaryInputs = (domain: ArbTensorOptions = {}) =>
  arbTensor({ ...domain, shape: arbShape({ maxDim: 3 }) }).map((t) => [t]);

/** Inputs for a binary op: two float64 tensors whose shapes broadcast together. */
export const binaryInputs = (dx: ArbTensorOptions = {}, dy: ArbTensorOptions = dx) =>
  arbBroadcastableShapes({ maxDim: 3 }).chain(([a, b]) =>
    fc.tuple(arbTensor({ ...dx, shape: a }), arbTensor({ ...dy, shape: b })).map(([x, y]) => [x, y]),
  );

function close(actual: number, expected: number, rtol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= 1e-12 + rtol * Math.abs(expected);
}

/** Runs a row: forward against the reference, then gradcheck (and gradgradcheck) on generated inputs. */
export function checkRow(row: OpRow, runs = 12): void {
  fc.assert(
    fc.property(row.inputs, (xs) => {
      const out = row.fn(...xs);
      const ref = row.ref(...xs);
      expect(out.shape).toEqual(ref.shape);
      const got = out.data();
      ref.data.forEach((v, i) => {
        if (!close(got[i]!, v, row.rtol ?? 1e-10)) expect.fail(`${row.name}: element ${i} is ${got[i]}, reference ${v}`);
      });
      if (row.noGrad) return;
      gradcheck(row.fn, xs);
      if (row.twice) gradgradcheck(row.fn, xs);
    }),
    { seed: 7, numRuns: runs },
  );
}

