import type { Strided } from '../backend.js';
import { isRowMajor, isScalarView } from './layout.js';

/**
 * The step of one flat walk over a view of `size` elements: 1 if row-major, 0 if it is one broadcast
 * element, -1 when the layout needs a row-by-row walk.
 */
export function flatStep(x: Strided, shape: readonly number[], size: number): number {
  if (size <= 1 || isScalarView(x, shape)) return 0;
  return isRowMajor(x, shape) ? 1 : -1;
}

/**
 * Calls `row(offsets, outOffset, n, innerStrides)` once per innermost row of `shape`, advancing each
 * input's offset by its own strides. Kernels write their per-op loops inside `row`, so the per-element
 * work has no closures; the odometer here costs one call per row. When every input is row-major or a
 * broadcast scalar, the whole tensor is a single row.
 */
export function forEachRow(
  inputs: readonly Strided[],
  shape: readonly number[],
  row: (offsets: number[], outOffset: number, n: number, strides: number[]) => void,
): void {
  let size = 1;
  for (const d of shape) size *= d;
  if (size === 0) return;
  const nd = shape.length;
  const steps = inputs.map((x) => flatStep(x, shape, size));
  if (steps.every((d) => d >= 0)) {
    row(inputs.map((x) => x.offset), 0, size, steps);
    return;
  }
  const inner = shape[nd - 1]!;
  const innerStrides = inputs.map((x) => x.strides[nd - 1]!);
  const offsets = inputs.map((x) => x.offset);
  const idx = new Array<number>(nd - 1).fill(0);
  for (let o = 0; o < size; o += inner) {
    row(offsets, o, inner, innerStrides);
    for (let a = nd - 2; a >= 0; a--) {
      idx[a]!++;
      for (let k = 0; k < inputs.length; k++) offsets[k]! += inputs[k]!.strides[a]!;
      if (idx[a]! < shape[a]!) break;
      for (let k = 0; k < inputs.length; k++) offsets[k]! -= idx[a]! * inputs[k]!.strides[a]!;
      idx[a] = 0;
    }
  }
}
