/**
 * Weight initialisers with PyTorch's formulas (`torch.nn.init`), writing in place and returning the tensor.
 * Random ones draw from `{ generator }` or the global generator (`manualSeed`), so runs are reproducible.
 * They write under `noGrad` and bump the tensor's version, like PyTorch's trailing-underscore functions.
 *
 * @example
 * const w = new Parameter(zeros([64, 32]));
 * init.kaimingNormal(w, { mode: 'fanOut', nonlinearity: 'relu', generator: new Generator(0) });
 */
import { DTypeError, Generator, Tensor, ValueError, defaultGenerator, describe, fmtShape, noGrad, type TypedArray } from '@nabla/autograd';
import { orthonormalRows } from './init-orthogonal.js';

/** Nonlinearities `calculateGain` knows, in PyTorch's spelling turned camelCase. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';
/** Which fan kaiming init preserves: 'fanIn' keeps the forward variance, 'fanOut' the backward one. */
export type FanMode = 'fanIn' | 'fanOut';
/** The random source of an initialiser. */
export interface RandomOptions {
  /** The random source; the global generator (seeded by `manualSeed`) when omitted. */
  generator?: Generator;
}

const LINEAR_GAIN_ONE = ['linear', 'conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid'];

/**
 * The recommended gain for a nonlinearity (PyTorch's table): 1 for linear/conv/sigmoid, 5/3 for tanh,
 * sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leakyRelu (`param` = slope, default 0.01), 3/4 for selu.
 * @example calculateGain('leakyRelu', Math.sqrt(5)) // sqrt(1/3)
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (LINEAR_GAIN_ONE.includes(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.SQRT2;
  if (nonlinearity === 'selu') return 3 / 4;
  if (nonlinearity === 'leakyRelu') {
    const slope = param ?? 0.01;
    if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new ValueError(`calculateGain: negative slope ${describe(param)} is not a finite number`);
    return Math.sqrt(2 / (1 + slope * slope));
  }
  throw new ValueError(`calculateGain: unsupported nonlinearity ${describe(nonlinearity)}; expected one of ${[...LINEAR_GAIN_ONE, 'tanh', 'relu', 'leakyRelu', 'selu'].join(', ')}`);
}

/**
 * [fanIn, fanOut] of a weight of shape [out, in, ...kernel]: in * receptive field and out * receptive field,
 * where the receptive field is the product of the kernel dims (1 for Linear). Needs at least 2 dims.
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  checkTarget('calculateFanInAndFanOut', t, false);
  if (t.ndim < 2) {
    throw new ValueError(`calculateFanInAndFanOut: fan in and fan out need a tensor with at least 2 dims, got shape ${fmtShape(t.shape)}`);
  }
  const receptive = t.shape.slice(2).reduce((a, d) => a * d, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

function checkTarget(op: string, t: unknown, needFloat: boolean): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`init.${op}: tensor must be a Tensor, got ${describe(t)}`);
  if (needFloat && t.dtype === 'int32') throw new DTypeError(`init.${op}: needs a float tensor, got int32 of shape ${fmtShape(t.shape)}`);
  return t;
}

function num(op: string, name: string, x: unknown, fallback: number): number {
  const v = x ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ValueError(`init.${op}: ${name} must be a number, got ${describe(x)}`);
  return v;
}

function gen(op: string, opts: RandomOptions | undefined): Generator {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) throw new ValueError(`init.${op}: options must be an object, got ${describe(opts)}`);
  const g = opts?.generator ?? defaultGenerator();
  if (!(g instanceof Generator)) throw new ValueError(`init.${op}: generator must be a Generator, got ${describe(g)}`);
  return g;
}

/** Fills in place under noGrad; every initialiser ends here. */
function fill<T extends Tensor>(t: T, write: (d: TypedArray) => void): T {
  noGrad(() => t.mutate(write));
  return t;
}

/** Fills with U(a, b); defaults a = 0, b = 1. */
export function uniform<T extends Tensor>(t: T, opts: RandomOptions & { a?: number; b?: number } = {}): T {
  checkTarget('uniform', t, true);
  const g = gen('uniform', opts);
  const a = num('uniform', 'a', opts.a, 0);
  const b = num('uniform', 'b', opts.b, 1);
  if (!(a <= b)) throw new ValueError(`init.uniform: need a <= b, got a=${a}, b=${b}`);
  return fill(t, (d) => { for (let i = 0; i < d.length; i++) d[i] = g.uniform(a, b); });
}

/** Fills with N(mean, std^2); defaults mean = 0, std = 1. */
export function normal<T extends Tensor>(t: T, opts: RandomOptions & { mean?: number; std?: number } = {}): T {
  checkTarget('normal', t, true);
  const g = gen('normal', opts);
  const mean = num('normal', 'mean', opts.mean, 0);
  const std = num('normal', 'std', opts.std, 1);
  if (std < 0) throw new ValueError(`init.normal: std must be >= 0, got ${std}`);
  return fill(t, (d) => { for (let i = 0; i < d.length; i++) d[i] = g.normal(mean, std); });
}

/** Fills with `value`. */
export function constant<T extends Tensor>(t: T, value: number): T {
  checkTarget('constant', t, false);
  const v = num('constant', 'value', value, NaN);
  return fill(t, (d) => d.fill(v));
}

/** Fills with 0. */
export const zeros = <T extends Tensor>(t: T): T => constant(checkTarget('zeros', t, false) as T, 0);
/** Fills with 1. */
export const ones = <T extends Tensor>(t: T): T => constant(checkTarget('ones', t, false) as T, 1);

/** Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform<T extends Tensor>(t: T, opts: RandomOptions & { gain?: number } = {}): T {
  checkTarget('xavierUniform', t, true);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = num('xavierUniform', 'gain', opts.gain, 1) * Math.sqrt(2 / (fanIn + fanOut));
  const a = Math.sqrt(3) * std; // U(-a, a) has variance a^2 / 3
  return uniform(t, { a: -a, b: a, generator: gen('xavierUniform', opts) });
}

/** Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal<T extends Tensor>(t: T, opts: RandomOptions & { gain?: number } = {}): T {
  checkTarget('xavierNormal', t, true);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = num('xavierNormal', 'gain', opts.gain, 1) * Math.sqrt(2 / (fanIn + fanOut));
  return normal(t, { mean: 0, std, generator: gen('xavierNormal', opts) });
}

/** Options of the kaiming (He) initialisers; defaults as PyTorch: a = 0, mode 'fanIn', nonlinearity 'leakyRelu'. */
export interface KaimingOptions extends RandomOptions {
  /** Negative slope of the leaky ReLU that follows (only used with 'leakyRelu'). */
  a?: number;
  /** 'fanIn' (default) preserves the variance of the forward pass, 'fanOut' of the backward pass. */
  mode?: FanMode;
  /** The nonlinearity that follows, which sets the gain (default 'leakyRelu'). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, t: Tensor, opts: KaimingOptions): number {
  const mode = opts.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`init.${op}: mode must be 'fanIn' or 'fanOut', got ${describe(mode)}`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  return calculateGain(opts.nonlinearity ?? 'leakyRelu', num(op, 'a', opts.a, 0)) / Math.sqrt(fan);
}

/** He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan). PyTorch layers use a = sqrt(5). */
export function kaimingUniform<T extends Tensor>(t: T, opts: KaimingOptions = {}): T {
  checkTarget('kaimingUniform', t, true);
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', t, opts);
  return uniform(t, { a: -bound, b: bound, generator: gen('kaimingUniform', opts) });
}

/** He normal: N(0, std^2) with std = gain / sqrt(fan). */
export function kaimingNormal<T extends Tensor>(t: T, opts: KaimingOptions = {}): T {
  checkTarget('kaimingNormal', t, true);
  return normal(t, { mean: 0, std: kaimingStd('kaimingNormal', t, opts), generator: gen('kaimingNormal', opts) });
}

/**
 * A (semi-)orthogonal matrix times `gain` (Saxe et al. 2013), as PyTorch: the tensor is viewed as
 * [shape[0], rest]; a Gaussian matrix is QR-factored with R's diagonal made positive, so the result is
 * uniformly (Haar) distributed. Rows are orthonormal when rows <= cols, columns otherwise.
 */
export function orthogonal<T extends Tensor>(t: T, opts: RandomOptions & { gain?: number } = {}): T {
  checkTarget('orthogonal', t, true);
  if (t.ndim < 2) throw new ValueError(`init.orthogonal: needs a tensor with at least 2 dims, got shape ${fmtShape(t.shape)}`);
  const gain = num('orthogonal', 'gain', opts.gain, 1);
  const g = gen('orthogonal', opts);
  const rows = t.shape[0]!;
  const cols = t.size / Math.max(rows, 1);
  if (t.size === 0) return t;
  const q = orthonormalRows(rows, cols, g);
  return fill(t, (d) => { for (let i = 0; i < d.length; i++) d[i] = gain * q[i]!; });
}
export { truncNormal, dirac, eye, type TruncNormalOptions } from './init-more.js';
