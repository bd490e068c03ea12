import { allFinite as cpuAllFinite, axpy as cpuAxpy } from '../cpu/update.js';
import { arrayDType, fn } from './call.js';
import { resetWorkspace, stageArray, view } from './workspace.js';

/**
 * Below this many elements the TypeScript loops run: staging the arrays in (and y back out) costs about what the
 * loop does on small arrays. Measured on float32: axpy breaks even at 4096 elements (4.0 us either way; 13.0 vs
 * 14.7 us at 16K, 0.157 vs 0.193 ms at 200K), allFinite at about 1024. A memory pass each, so never split
 * across threads.
 */
export const UPDATE_MIN = 4096;

/** y <- y + alpha x in place (Backend.axpy): both staged, the f64x2 kernel, y copied back. */
export function axpy(y: Float32Array | Float64Array, alpha: number, x: Float32Array | Float64Array): void {
  const dtype = arrayDType(y);
  if (y.length < UPDATE_MIN || arrayDType(x) !== dtype || x.length !== y.length) return cpuAxpy(y, alpha, x);
  resetWorkspace();
  const py = stageArray(y, dtype, 'axpy');
  const px = stageArray(x, dtype, 'axpy');
  fn('axpy', dtype)(py, px, alpha, y.length);
  y.set(view(dtype, py, y.length));
}

/** Whether every element is finite (Backend.allFinite). */
export function allFinite(x: Float32Array | Float64Array): boolean {
  if (x.length < UPDATE_MIN) return cpuAllFinite(x);
  const dtype = arrayDType(x);
  resetWorkspace();
  const px = stageArray(x, dtype, 'allFinite');
  return fn('allfinite', dtype)(px, x.length) !== 0;
}
