import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { lgamma } from '../backend/cpu/special-fns.js';
import { Generator, defaultGenerator } from '../random.js';
import { allocateFor } from '../tensor/alloc.js';
import type { DType } from '../tensor/dtype.js';
import { broadcastShapes, checkShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkUnbatchedRandom, drawBatched, elementsForCheck } from '../transforms/levels.js';
import { finish, optDType, type CreationOptions } from './fill.js';
import { noGrad } from '../autodiff/grad-mode.js';
import { rand } from './random.js';

/** Options of the sampling functions: the generator (global one when omitted). */
export interface SamplingOptions {
  /** The source of randomness; the global one (reseeded by `manualSeed`) when omitted. */
  generator?: Generator;
}

function generatorOf(op: string, opts: unknown): Generator {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  const g: unknown = (opts as SamplingOptions | undefined)?.generator;
  if (g === undefined) return defaultGenerator();
  if (!(g instanceof Generator)) throw new ValueError(`${op}: generator must be a Generator, got ${describe(g)}`);
  return g;
}

function checkInput(op: string, x: unknown, name: string): Tensor {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: ${name} must be a Tensor, got ${describe(x)}`);
  return x;
}

/** Throws naming the first element (and its flat index) that fails `ok`. */
function checkValues(op: string, t: Tensor, name: string, ok: (v: number) => boolean, want: string): Float64Array {
  const d = Float64Array.from(t._contiguousData());
  for (let i = 0; i < d.length; i++) {
    if (!ok(d[i]!)) throw new ValueError(`${op}: ${name} must be ${want}, got ${d[i]} at flat index ${i} (shape ${fmtShape(t._shape)})`);
  }
  return d;
}

const floatDType = (op: string, t: Tensor): DType => {
  if (t.dtype === 'int32') throw new DTypeError(`${op}: expects a float tensor, got int32 of shape ${fmtShape(t._shape)}; cast with astype('float32')`);
  return t.dtype;
};

/**
 * 0/1 samples, 1 with probability p (elementwise), in p's dtype and shape. No gradient (as PyTorch).
 * @example bernoulli(full([4], 0.5), { generator: new Generator(0) }) // e.g. [1, 0, 0, 1]
 */
export function bernoulli(p: Tensor, opts?: SamplingOptions): Tensor {
  const t = checkInput('bernoulli', p, 'p');
  const dtype = floatDType('bernoulli', t);
  const probs = elementsForCheck(t); // under vmap, every example's probabilities
  for (let i = 0; i < probs.length; i++) {
    const v = probs[i]!;
    if (!(v >= 0 && v <= 1)) throw new ValueError(`bernoulli: every probability must be in [0, 1], got ${v} at flat index ${i} (shape ${fmtShape(t._shape)})`);
  }
  const g = generatorOf('bernoulli', opts);
  // One float64 uniform per element, compared with p: under vmap, rand gives each example its own draws
  // (randomness 'different') or one shared draw ('same').
  return noGrad(() => rand(t._shape, { dtype: 'float64', generator: g }).lt(t).astype(dtype));
}

/** Options of `multinomial`. */
export interface MultinomialOptions extends SamplingOptions {
  /** Draw with replacement (default false: each category at most once, exactly as sequential draws without it). */
  replacement?: boolean;
}

/**
 * Samples `numSamples` category indices (int32) from the unnormalised weights in each row of `probs` (1-D, or
 * 2-D for a batch). Without replacement each draw is taken from the categories not drawn yet, in proportion to
 * their weights (exact sequential sampling, as PyTorch); it needs that many nonzero weights.
 * @example multinomial(tensor([0.1, 0.9]), 4, { replacement: true }) // e.g. [1, 1, 0, 1]
 */
export function multinomial(probs: Tensor, numSamples: number, opts?: MultinomialOptions): Tensor {
  checkUnbatchedRandom('multinomial');
  const t = checkInput('multinomial', probs, 'probs');
  if (t.ndim !== 1 && t.ndim !== 2) throw new ShapeError(`multinomial: probs must be 1-D or 2-D, got shape ${fmtShape(t._shape)}`);
  const n = t._shape[t.ndim - 1]!;
  const rows = t.ndim === 2 ? t._shape[0]! : 1;
  const replacement = (opts as MultinomialOptions | undefined)?.replacement ?? false;
  if (typeof replacement !== 'boolean') throw new ValueError(`multinomial: replacement must be a boolean, got ${describe(replacement)}`);
  if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples < 0) {
    throw new ValueError(`multinomial: numSamples must be a non-negative integer, got ${describe(numSamples)}`);
  }
  if (!replacement && numSamples > n) {
    throw new ValueError(`multinomial: cannot draw ${numSamples} samples without replacement from ${n} categories (probs shape ${fmtShape(t._shape)})`);
  }
  const w = checkValues('multinomial', t, 'every weight', (v) => v >= 0 && Number.isFinite(v), 'finite and non-negative');
  const g = generatorOf('multinomial', opts);
  for (let r = 0; r < rows; r++) {
    const row = w.subarray(r * n, r * n + n);
    const nonzero = row.reduce((c, v) => c + (v > 0 ? 1 : 0), 0);
    if (nonzero === 0) throw new ValueError(`multinomial: row ${r} of probs (shape ${fmtShape(t._shape)}) has no positive weight`);
    if (!replacement && numSamples > nonzero) {
      throw new ValueError(`multinomial: row ${r} has only ${nonzero} nonzero weights; cannot draw ${numSamples} samples without replacement`);
    }
  }
  const out = new Int32Array(rows * numSamples);
  for (let r = 0; r < rows; r++) {
    const row = w.slice(r * n, r * n + n);
    for (let s = 0; s < numSamples; s++) {
      const k = draw(row, g);
      out[r * numSamples + s] = k;
      if (!replacement) row[k] = 0;
    }
  }
  return Tensor._fromData(out, t.ndim === 2 ? [rows, numSamples] : [numSamples], 'int32');
}

/** One index drawn in proportion to the (non-negative, not all zero) weights. */
function draw(w: Float64Array, g: Generator): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  const u = g.uniform() * total;
  let acc = 0;
  let last = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i]! <= 0) continue;
    acc += w[i]!;
    last = i;
    if (u < acc) return i;
  }
  return last; // u rounded up to the total: the last positive weight
}

/**
 * A random permutation of 0 .. n-1 (int32 unless `dtype` says otherwise), by Fisher-Yates.
 * @example randperm(5, { generator: new Generator(1) }) // e.g. [3, 0, 4, 1, 2]
 */
export function randperm(n: number, opts?: SamplingOptions & CreationOptions): Tensor {
  checkUnbatchedRandom('randperm');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ValueError(`randperm: n must be a non-negative integer, got ${describe(n)}`);
  const dtype = optDType('randperm', opts, 'int32');
  const g = generatorOf('randperm', opts);
  const out = allocateFor('randperm', dtype, [n]);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return finish('randperm', Tensor._fromData(out, [n], dtype), opts ?? {});
}

/**
 * Normal samples with the given mean and standard deviation: numbers with a `shape`, or tensors (broadcast
 * together, the result in their dtype). No gradient (PyTorch's normal gives none to mean and std either).
 * @example normal(0, 2, [3]); normal(tensor([0, 10]), 1)
 */
export function normal(mean: Tensor | number, std: Tensor | number, shape?: readonly number[], opts?: SamplingOptions & CreationOptions): Tensor {
  checkUnbatchedRandom('normal');
  const m = operand('normal', mean, 'mean');
  const s = operand('normal', std, 'std');
  checkValues('normal', s.t, 'std', (v) => v >= 0, 'non-negative');
  let outShape = broadcastShapes('normal', m.t._shape, s.t._shape);
  if (shape !== undefined) {
    if (m.isTensor || s.isTensor) throw new ValueError('normal: shape may only be given with number mean and std (tensors set the shape)');
    outShape = checkShape('normal', shape);
  }
  const tensorDType = m.isTensor ? m.t.dtype : s.isTensor ? s.t.dtype : undefined;
  const dtype = optDType('normal', opts, tensorDType ?? 'float32');
  if (dtype === 'int32') throw new DTypeError(`normal: samples real numbers and cannot produce int32 (shape ${fmtShape(outShape)})`);
  const g = generatorOf('normal', opts);
  const mv = m.t.expand(outShape)._contiguousData();
  const sv = s.t.expand(outShape)._contiguousData();
  const out = allocateFor('normal', dtype, outShape);
  for (let i = 0; i < out.length; i++) out[i] = g.normal(mv[i]!, sv[i]!);
  return finish('normal', Tensor._fromData(out, outShape, dtype), opts ?? {});
}

function operand(op: string, x: unknown, name: string): { t: Tensor; isTensor: boolean } {
  if (x instanceof Tensor) return { t: x.detach(), isTensor: true };
  if (typeof x === 'number' && Number.isFinite(x)) return { t: Tensor._fromData(Float64Array.of(x), [], 'float64'), isTensor: false };
  throw new ValueError(`${op}: ${name} must be a Tensor or a finite number, got ${describe(x)}`);
}

/**
 * Poisson samples (counts, in the rates' float dtype) with the given non-negative rates: Knuth's product of
 * uniforms below rate 10, Hormann's transformed rejection (PTRS, as NumPy) above. No gradient.
 * @example poisson(full([3], 4)) // e.g. [3, 6, 4]
 */
export function poisson(rates: Tensor, opts?: SamplingOptions): Tensor {
  checkUnbatchedRandom('poisson');
  const t = checkInput('poisson', rates, 'rates');
  const dtype = floatDType('poisson', t);
  const lam = checkValues('poisson', t, 'every rate', (v) => v >= 0 && Number.isFinite(v), 'finite and non-negative');
  const g = generatorOf('poisson', opts);
  const out = allocateFor('poisson', dtype, t._shape);
  for (let i = 0; i < out.length; i++) out[i] = lam[i]! < 10 ? knuth(lam[i]!, g) : ptrs(lam[i]!, g);
  return Tensor._fromData(out, t._shape.slice(), dtype);
}

function knuth(lam: number, g: Generator): number {
  if (lam === 0) return 0;
  const limit = Math.exp(-lam);
  let k = 0;
  let p = g.uniform();
  while (p > limit) {
    k++;
    p *= g.uniform();
  }
  return k;
}

/** Hormann (1993), "The transformed rejection method for generating Poisson random variables" (NumPy's). */
function ptrs(lam: number, g: Generator): number {
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = g.uniform() - 0.5;
    const v = g.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - lgamma(k + 1)) return k;
  }
}

/** Options of the *Like creation functions: dtype (default the input's), requiresGrad and the generator. */
export type LikeOptions = SamplingOptions & CreationOptions;

const likeDType = (op: string, x: unknown, opts: LikeOptions | undefined): [Tensor, DType] => {
  const t = checkInput(op, x, 'input');
  return [t, optDType(op, opts, t.dtype)];
};

/** Uniform samples in [0, 1) with x's shape and dtype (float only). @example randLike(zeros([2, 2])) */
export function randLike(x: Tensor, opts?: LikeOptions): Tensor {
  const [t, dtype] = likeDType('randLike', x, opts);
  if (dtype === 'int32') throw new DTypeError(`randLike: samples real numbers and cannot produce int32 (input shape ${fmtShape(t._shape)}); pass { dtype: 'float32' }`);
  const g = generatorOf('randLike', opts);
  const r = drawBatched('randLike', t._shape, (full) => {
    const out = allocateFor('randLike', dtype, full);
    for (let i = 0; i < out.length; i++) out[i] = g.uniform();
    return Tensor._fromData(out, full, dtype);
  });
  return finish('randLike', r, opts ?? {});
}

/** Standard normal samples with x's shape and dtype (float only). @example randnLike(zeros([2, 2])) */
export function randnLike(x: Tensor, opts?: LikeOptions): Tensor {
  const [t, dtype] = likeDType('randnLike', x, opts);
  if (dtype === 'int32') throw new DTypeError(`randnLike: samples real numbers and cannot produce int32 (input shape ${fmtShape(t._shape)}); pass { dtype: 'float32' }`);
  const g = generatorOf('randnLike', opts);
  const r = drawBatched('randnLike', t._shape, (full) => {
    const out = allocateFor('randnLike', dtype, full);
    for (let i = 0; i < out.length; i++) out[i] = g.normal();
    return Tensor._fromData(out, full, dtype);
  });
  return finish('randnLike', r, opts ?? {});
}

/** A tensor of x's shape and dtype filled with `value`. @example fullLike(zeros([2]), 7) // [7, 7] */
export function fullLike(x: Tensor, value: number, opts?: CreationOptions): Tensor {
  const [t, dtype] = likeDType('fullLike', x, opts);
  if (typeof value !== 'number') throw new ValueError(`fullLike: value must be a number, got ${describe(value)}`);
  if (dtype === 'int32' && !Number.isInteger(value)) throw new ValueError(`fullLike: value ${value} is not an integer for an int32 tensor`);
  const out = allocateFor('fullLike', dtype, t._shape);
  out.fill(value);
  return finish('fullLike', Tensor._fromData(out, t._shape.slice(), dtype), opts ?? {});
}

/** A tensor of x's shape and dtype; its values are zeros (memory is always initialised here). @example emptyLike(x) */
export function emptyLike(x: Tensor, opts?: CreationOptions): Tensor {
  const [t, dtype] = likeDType('emptyLike', x, opts);
  return finish('emptyLike', Tensor._fromData(allocateFor('emptyLike', dtype, t._shape), t._shape.slice(), dtype), opts ?? {});
}

/** Options of `logspace`. */
export interface LogspaceOptions extends CreationOptions {
  /** The base of the powers. Default 10. */
  base?: number;
}

/**
 * `n` values base^t for t evenly spaced from a to b (both included), as PyTorch's logspace.
 * @example logspace(0, 3, 4) // [1, 10, 100, 1000]
 */
export function logspace(a: number, b: number, n: number, opts?: LogspaceOptions): Tensor {
  for (const [name, v] of [['start', a], ['end', b]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`logspace: ${name} must be a finite number, got ${describe(v)}`);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ValueError(`logspace: the number of steps must be a non-negative integer, got ${describe(n)}`);
  const base = opts?.base ?? 10;
  if (typeof base !== 'number' || Number.isNaN(base)) throw new ValueError(`logspace: base must be a number, got ${describe(base)}`);
  const dtype = optDType('logspace', opts);
  const out = allocateFor('logspace', dtype, [n]);
  // The exponents as linspace computes them (the second half from b backwards, so the last is exactly b).
  const step = n > 1 ? (b - a) / (n - 1) : 0;
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[i] = Math.pow(base, n === 1 ? a : i < half ? a + i * step : b - (n - 1 - i) * step);
  return finish('logspace', Tensor._fromData(out, [n], dtype), opts ?? {});
}

