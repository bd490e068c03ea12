import { ShapeError, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { Tensor } from '../tensor/tensor.js';

/** Padding modes of `pad` (PyTorch's F.pad modes). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Options of `pad`. */
export interface PadOptions {
  /** 'constant' (default: fill with `value`), 'reflect' (mirror without repeating the edge), 'replicate' (repeat the edge), 'circular' (wrap around). */
  mode?: PadMode;
  /** The fill of 'constant' mode (default 0). */
  value?: number;
}

/** Source position along an axis of length n for output position p (p in [-before, n + after)). */
const sources: Record<Exclude<PadMode, 'constant'>, (p: number, n: number) => number> = {
  reflect: (p, n) => (p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p),
  replicate: (p, n) => Math.min(Math.max(p, 0), n - 1),
  circular: (p, n) => ((p % n) + n) % n,
};

/**
 * @internal Reflect, replicate or circular padding: along each padded axis, one indexSelect of the source
 * positions, so the gradient of an entry read several times adds up (indexAdd). Widths are already checked.
 */
export function padWithMode(op: string, t: Tensor, widths: readonly (readonly [number, number])[], mode: Exclude<PadMode, 'constant'>): Tensor {
  let out = t;
  widths.forEach(([b, a], axis) => {
    if (b === 0 && a === 0) return;
    const n = t._shape[axis]!;
    // PyTorch's limits: reflect needs width < n (the edge is not repeated), circular width <= n, replicate n >= 1.
    const max = mode === 'reflect' ? n - 1 : mode === 'circular' ? n : n === 0 ? -1 : Infinity;
    if (b > max || a > max) {
      throw new ShapeError(
        `${op}: ${mode} padding [${b},${a}] on axis ${axis} of length ${n} (shape ${fmtShape(t._shape)}) needs widths ${max < 0 ? 'on a non-empty axis' : `<= ${max}`}`,
      );
    }
    const index = Int32Array.from({ length: n + b + a }, (_, p) => sources[mode](p - b, n));
    out = apply('indexSelect', [out, Tensor._fromData(index, [index.length], 'int32')], { axis });
  });
  return out;
}
