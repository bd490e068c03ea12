import type { TypedArray } from './dtype.js';
import type { NestedArray } from './tensor.js';

/**
 * @internal Row-major `data` as nested arrays of `shape` (a plain number for a 0-d shape). Built bottom-up,
 * one axis at a time, without recursion: a tensor with 100,000 axes must not overflow the call stack.
 * Group counts come from the shape (not the items left), so zero-size axes give the right empty arrays.
 */
export function nest(data: TypedArray, shape: readonly number[]): number | NestedArray {
  const n = shape.length;
  if (n === 0) return data[0]!;
  // outer[a] = number of arrays at depth a = product of shape[0..a).
  const outer = new Array<number>(n + 1);
  outer[0] = 1;
  for (let a = 0; a < n; a++) outer[a + 1] = outer[a]! * shape[a]!;
  let items: (number | NestedArray)[] = Array.from(data);
  for (let a = n - 1; a >= 0; a--) {
    const size = shape[a]!;
    const groups: NestedArray[] = new Array<NestedArray>(outer[a]!);
    for (let g = 0; g < groups.length; g++) groups[g] = items.slice(g * size, (g + 1) * size);
    items = groups;
  }
  return items[0] as NestedArray;
}
