import { DTypeError, ShapeError, Tensor, ValueError, elementsForCheck, fmtShape, noGrad, where } from '@nabla/autograd';

/** Position of flat element `i` in `shape`, as `[1,0]`. */
function position(i: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(i % shape[a]!);
    i = Math.floor(i / shape[a]!);
  }
  return fmtShape(idx);
}

/**
 * @internal Checks class-index targets against an input with class axis `classAxis` holding `c` classes,
 * before any computation: the shape must be the input's without the class axis, and every value an integer
 * in [0, c) or `ignoreIndex`. Float targets holding integers are accepted; NaN or fractions are errors.
 * Returns the int32 labels with ignored entries replaced by 0 (safe to gather) and the keep mask (1 = used).
 */
export function checkLabels(op: string, input: Tensor, target: Tensor, classAxis: number, ignoreIndex: number): { labels: Tensor; keep: Tensor } {
  const c = input.shape[classAxis]!;
  const want = input.shape.filter((_, i) => i !== classAxis);
  if (target.ndim !== want.length || target.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(
      `${op}: class-index target must have shape ${fmtShape(want)} for input ${fmtShape(input.shape)} (classes on axis ${classAxis}), got ${fmtShape(target.shape)}`,
    );
  }
  // Checked over every value (under vmap, of every example); the results are built with ops so they batch.
  const values = noGrad(() => elementsForCheck(target));
  const range = c === 0 ? 'there are no classes' : `valid: [0, ${c - 1}]`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === ignoreIndex) continue;
    if (!Number.isInteger(v)) {
      throw new ValueError(`${op}: target at index ${position(i, target.shape)} is ${v}, not an integer class index (${range} for ${c} classes)`);
    }
    if (v < 0 || v >= c) {
      throw new ValueError(`${op}: target ${v} at index ${position(i, target.shape)} is out of bounds for ${c} classes (${range}, or ignoreIndex ${ignoreIndex})`);
    }
  }
  return noGrad(() => {
    const ignored = target.eq(ignoreIndex);
    return { labels: where(ignored, 0, target).astype('int32'), keep: ignored.eq(0).astype('int32') };
  });
}

/** @internal The class axis of a classification input: 1 for [N, C, ...], 0 for an unbatched [C]. */
export function classAxisOf(op: string, input: Tensor): number {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must be [C], [N, C] or [N, C, d1, ...], got a 0-d tensor`);
  return input.ndim === 1 ? 0 : 1;
}

/** @internal Checks a per-class weight: a float tensor of shape [C]. */
export function checkClassWeight(op: string, w: Tensor | undefined, c: number): void {
  if (!w) return;
  if (w.dtype === 'int32') throw new DTypeError(`${op}: weight must be float, got int32 of shape ${fmtShape(w.shape)}`);
  if (w.ndim !== 1 || w.shape[0] !== c) throw new ShapeError(`${op}: weight must have shape [${c}] (one per class), got ${fmtShape(w.shape)}`);
}
