import { DTypeError, ValueError, fmtShape } from '../errors.js';
import { contiguousStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { elementsForCheck } from '../transforms/levels.js';

/** Checks an int32 index's values lie in [0, n) (or [-n, n) when `negative`); names op, value, position and shapes. */
export function checkIndexRange(op: string, index: Tensor, n: number, where: string, shapes: string, negative = false): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype} (${shapes})`);
  const data = elementsForCheck(index);
  const lo = negative ? -n : 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo || v >= n) {
      const pos = contiguousStrides(index._shape).map((s, k) => Math.floor(i / s) % index._shape[k]!);
      const valid = n === 0 ? 'none' : `[${lo}, ${n - 1}]`;
      throw new ValueError(`${op}: index value ${v} at position ${fmtShape(pos)} is out of range for ${where} of size ${n} (valid: ${valid}; ${shapes})`);
    }
  }
}
