import type { Tensor } from '../../tensor/tensor.js';
import { contiguousStrides, sizeOf } from '../../tensor/shape.js';
import type { RefResult } from './harness.js';

/** Plain-JS reduction over `axes` (already non-negative) of a tensor's values, with or without kept dims. */
export function reduceRef(t: Tensor, axes: number[], keepDims: boolean, f: (vals: number[]) => number): RefResult {
  const data = t.data();
  const strides = contiguousStrides(t.shape);
  const keptShape = t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = contiguousStrides(keptShape);
  const groups: number[][] = Array.from({ length: sizeOf(keptShape) }, () => []);
  for (let flat = 0; flat < data.length; flat++) {
    let o = 0;
    t.shape.forEach((_, i) => {
      const idx = Math.floor(flat / strides[i]!) % t.shape[i]!;
      if (!axes.includes(i)) o += idx * keptStrides[i]!;
    });
    groups[o]!.push(data[flat]!);
  }
  const shape = keepDims ? keptShape : t.shape.filter((_, i) => !axes.includes(i));
  return { shape, data: groups.map(f) };
}

/** Reads element `idx` (a multi-index) of a tensor's row-major values. */
export function at(t: Tensor, data: ArrayLike<number>, idx: number[]): number {
  const strides = contiguousStrides(t.shape);
  return data[idx.reduce((o, v, i) => o + v * strides[i]!, 0)]!;
}

/** All multi-indices of a shape in row-major order. */
export function indices(shape: readonly number[]): number[][] {
  const strides = contiguousStrides(shape);
  return Array.from({ length: sizeOf(shape) }, (_, flat) => shape.map((d, i) => Math.floor(flat / strides[i]!) % d));
}

/** Builds a reference result by computing each output element from its multi-index. */
export function build(shape: readonly number[], f: (idx: number[]) => number): RefResult {
  return { shape, data: indices(shape).map(f) };
}

export const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
export const mean = (v: number[]) => sum(v) / v.length;
export const variance = (v: number[], correction = 1) => {
  const m = mean(v);
  return sum(v.map((x) => (x - m) ** 2)) / (v.length - correction);
};
