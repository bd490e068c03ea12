import { ValueError, describe } from '../errors.js';
import { allocateFor } from '../tensor/alloc.js';
import { checkInt32Number } from '../tensor/int32.js';
import { Tensor } from '../tensor/tensor.js';
import { finish, optDType, type CreationOptions } from './fill.js';

function checkFinite(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${op}: ${name} must be a finite number, got ${describe(v)}`);
  return v;
}

function checkCount(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ValueError(`${op}: ${name} must be a non-negative integer, got ${describe(v)}`);
  }
  return v;
}

/**
 * Evenly spaced values in [start, stop) with the given step: `ceil((stop - start) / step)` of them,
 * value i being start + i * step. With one argument it is the stop (`arange(5)` = 0..4). As in PyTorch,
 * the dtype is int32 when start, stop and step are all integers and float32 otherwise, unless given.
 * A zero step, or one pointing away from stop, is a ValueError (PyTorch rejects both); so is an int32
 * range whose values do not fit int32 (PyTorch would use int64), and more elements than a tensor can hold.
 * @example arange(5)                  // [0, 1, 2, 3, 4] (int32)
 * @example arange(1, 2, 0.25)         // [1, 1.25, 1.5, 1.75] (float32)
 * @example arange(3, undefined, undefined, { dtype: 'float64' })
 */
export function arange(start: number, stop?: number, step = 1, opts: CreationOptions = {}): Tensor {
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  checkFinite('arange', stop === undefined ? 'stop' : 'start', start);
  if (stop !== undefined) checkFinite('arange', 'stop', stop);
  checkFinite('arange', 'step', step);
  if (step === 0) throw new ValueError(`arange: step must be nonzero, got 0 (start ${a}, stop ${b})`);
  if ((b - a) * step < 0) {
    throw new ValueError(`arange: step ${step} points away from stop: start ${a}, stop ${b} would give no values (PyTorch rejects this too)`);
  }
  const allInts = Number.isInteger(a) && Number.isInteger(b) && Number.isInteger(step);
  const dtype = optDType('arange', opts, allInts ? 'int32' : 'float32');
  const n = Math.max(0, Math.ceil((b - a) / step));
  if (dtype === 'int32' && n > 0) {
    const hint = "pass { dtype: 'float64' } for a wider range";
    checkInt32Number('arange', 'start', a, hint);
    checkInt32Number('arange', 'the last value', a + (n - 1) * step, hint);
  }
  const data = allocateFor('arange', dtype, [n]);
  for (let i = 0; i < n; i++) data[i] = a + i * step;
  return finish('arange', Tensor._fromData(data, [n], dtype), opts);
}

/**
 * `n` evenly spaced values from a to b, both ends included (float32 unless `dtype` says otherwise).
 * The second half is computed from b backwards, so the last value is exactly b (as PyTorch does).
 * @example linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(a: number, b: number, n: number, opts: CreationOptions = {}): Tensor {
  checkFinite('linspace', 'start', a);
  checkFinite('linspace', 'end', b);
  checkCount('linspace', 'the number of steps', n);
  const dtype = optDType('linspace', opts);
  if (dtype === 'int32' && n > 0) {
    checkInt32Number('linspace', 'start', a, 'use float64');
    checkInt32Number('linspace', 'end', b, 'use float64');
  }
  const data = allocateFor('linspace', dtype, [n]);
  const step = n > 1 ? (b - a) / (n - 1) : 0;
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) data[i] = i < half ? a + i * step : b - (n - 1 - i) * step;
  if (n === 1) data[0] = a;
  return finish('linspace', Tensor._fromData(data, [n], dtype), opts);
}

/** Options of `eye`: the creation options plus an optional column count. */
export interface EyeOptions extends CreationOptions {
  /** Number of columns (default n), as PyTorch's `m`. */
  m?: number;
}

/**
 * The n x m identity matrix: ones on the main diagonal, zeros elsewhere (float32 unless `dtype` is given).
 * @example eye(3)               // 3 x 3 identity
 * @example eye(2, { m: 3 })     // [[1, 0, 0], [0, 1, 0]]
 */
export function eye(n: number, opts: EyeOptions = {}): Tensor {
  checkCount('eye', 'n', n);
  const dtype = optDType('eye', opts);
  const m = opts.m === undefined ? n : checkCount('eye', 'm', opts.m);
  const data = allocateFor('eye', dtype, [n, m]);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish('eye', Tensor._fromData(data, [n, m], dtype), opts);
}
