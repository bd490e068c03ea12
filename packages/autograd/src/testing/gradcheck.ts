import { gradients } from '../autodiff/gradients.js';
import { GraphError, ValueError, describe, fmtShape } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../creation/tensor.js';
import { contiguousStrides } from '../tensor/shape.js';

/** Options of `gradcheck` and `gradgradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Relative tolerance, scaled by |numeric|. */
  rtol?: number;
  /** Inputs up to this many elements (times outputs) get a full Jacobian; larger ones random projections. */
  fullJacobianLimit?: number;
  /** Seed for the random projections, so a failure reproduces. */
  seed?: number;
}

/** A function under test: tensors in, one tensor out. */
export type TensorFn = (...inputs: Tensor[]) => Tensor;

/** Thrown when an analytic gradient disagrees with central differences. */
export class GradcheckError extends GraphError {}

const DEFAULTS = { eps: 1e-6, atol: 1e-5, rtol: 1e-3, fullJacobianLimit: 4096, seed: 0 };

function indexOf(flat: number, shape: readonly number[]): string {
  const strides = contiguousStrides(shape);
  return `[${strides.map((s, i) => Math.floor(flat / s) % shape[i]!).join(',')}]`;
}

/** Float inputs become float64 leaves that require grad; int32 inputs (indices, labels) pass through. */
function prepare(op: string, inputs: readonly Tensor[]): Tensor[] {
  if (!Array.isArray(inputs)) throw new ValueError(`${op}: inputs must be an array of Tensors, got ${describe(inputs)}`);
  return inputs.map((x, i) => {
    if (!(x instanceof Tensor)) throw new ValueError(`${op}: input ${i} must be a Tensor, got ${describe(x)}`);
    if (x.dtype === 'int32') return x;
    return tensor(x.data(), { dtype: 'float64', shape: x._shape.slice(), requiresGrad: true });
  });
}

function randomLike(gen: Generator, size: number): Float64Array {
  const v = new Float64Array(size);
  for (let i = 0; i < size; i++) v[i] = gen.normal();
  return v;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Checks `fn`'s analytic gradients against central finite differences in float64. Each output projection
 * v (one-hot rows of the Jacobian when small, random otherwise) is compared with
 * (v . f(x + eps u) - v . f(x - eps u)) / 2 eps along each input element u (or along random directions for
 * large inputs). Returns true, or throws a GradcheckError naming the input, the worst element's index and
 * both values. Use it on your own ops:
 * @example
 * gradcheck((x) => x.sin().mul(x), [randn([3, 4], { dtype: 'float64' })]);
 */
export function gradcheck(fn: TensorFn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): true {
  const o = { ...DEFAULTS, ...opts };
  const xs = prepare('gradcheck', inputs);
  const gen = new Generator(o.seed);
  const out = fn(...xs);
  if (!(out instanceof Tensor)) throw new ValueError(`gradcheck: fn must return a Tensor, got ${describe(out)}`);
  const m = out.size;
  // Perturbed evaluations use detached inputs, so they record no graph (fn may still differentiate inside).
  const evalAt = (k: number, data: Float64Array): Float64Array => {
    const args = xs.map((x, i) => (i === k ? tensor(data, { dtype: 'float64', shape: x._shape.slice() }) : x.detach()));
    return Float64Array.from(fn(...args).data());
  };
  const floatInputs = xs.map((x, k) => k).filter((k) => xs[k]!.dtype !== 'int32');
  const totalIn = floatInputs.reduce((s, k) => s + xs[k]!.size, 0);
  const seeds: Float64Array[] = [];
  if (m * totalIn <= o.fullJacobianLimit) for (let j = 0; j < m; j++) seeds.push(Float64Array.from({ length: m }, (_, i) => (i === j ? 1 : 0)));
  else for (let r = 0; r < 3; r++) seeds.push(randomLike(gen, m));
  if (m === 0 || totalIn === 0) return true;
  const analytic = seeds.map((v, si) =>
    gradients(out, floatInputs.map((k) => xs[k]!), {
      seed: tensor(v, { dtype: out.dtype, shape: out._shape.slice() }),
      retainGraph: si < seeds.length - 1,
      allowUnused: true,
    }).map((g) => Float64Array.from(g.data())),
  );
  let worst = { excess: 0, msg: '' };
  floatInputs.forEach((k, slot) => {
    const x = xs[k]!;
    const base = Float64Array.from(x.data());
    const full = m * x.size <= o.fullJacobianLimit;
    const dirs = full ? x.size : 3;
    for (let d = 0; d < dirs; d++) {
      const u = full ? null : randomLike(gen, x.size);
      const plus = base.slice();
      const minus = base.slice();
      if (u) for (let i = 0; i < x.size; i++) { plus[i]! += o.eps * u[i]!; minus[i]! -= o.eps * u[i]!; }
      else { plus[d]! += o.eps; minus[d]! -= o.eps; }
      const fp = evalAt(k, plus);
      const fm = evalAt(k, minus);
      seeds.forEach((v, si) => {
        const numeric = (dot(v, fp) - dot(v, fm)) / (2 * o.eps);
        const a = analytic[si]![slot]!;
        const analyticVal = u ? dot(a, u) : a[d]!;
        const diff = Math.abs(analyticVal - numeric);
        const tol = o.atol + o.rtol * Math.abs(numeric);
        const bad = !(diff <= tol) && !(analyticVal === numeric);
        if (bad && (diff - tol > worst.excess || worst.msg === '' || Number.isNaN(diff))) {
          const where = u ? `random direction ${d}` : `element ${indexOf(d, x._shape)}`;
          const proj = m === 1 ? '' : seeds.length === m ? ` (output element ${indexOf(si, out._shape)})` : ` (random output projection ${si})`;
          worst = {
            excess: Number.isNaN(diff) ? Infinity : diff - tol,
            msg: `gradcheck: input ${k} (shape ${fmtShape(x._shape)}) ${where}${proj}: analytic ${analyticVal} vs numeric ${numeric} (|diff| ${diff.toExponential(3)} > atol + rtol*|numeric| = ${tol.toExponential(3)})`,
          };
        }
      });
    }
  });
  if (worst.msg) throw new GradcheckError(worst.msg);
  return true;
}

/**
 * Checks second derivatives: gradcheck of x -> <d<fn(x), v>/dx, w> for fixed random v and w, with v
 * also an input, so both the Hessian-vector product and the mixed derivative are tested. The backward
 * pass is recorded with createGraph, so this fails for any rule not written in differentiable ops.
 */
export function gradgradcheck(fn: TensorFn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): true {
  const xs = prepare('gradgradcheck', inputs);
  const gen = new Generator((opts.seed ?? 0) + 1);
  const out0 = fn(...xs);
  const v = tensor(randomLike(gen, out0.size), { dtype: 'float64', shape: out0._shape.slice() });
  const floatIdx = xs.map((x, k) => k).filter((k) => xs[k]!.dtype !== 'int32');
  const ws = floatIdx.map((k) => tensor(randomLike(gen, xs[k]!.size), { dtype: 'float64', shape: xs[k]!._shape.slice() }));
  const n = xs.length;
  const projected: TensorFn = (...args) => {
    // Perturbed calls pass detached inputs: make them leaves again so the inner gradient exists.
    const ys = args.slice(0, n).map((y) => (y.dtype === 'int32' || y.requiresGrad ? y : y.detach().setRequiresGrad()));
    const seed = args[n]!;
    const gs = gradients(fn(...ys), floatIdx.map((k) => ys[k]!), { seed, createGraph: true, allowUnused: true });
    return gs.reduce<Tensor>((acc, g, i) => acc.add(g.mul(ws[i]!).sum()), tensor(0, { dtype: 'float64' }));
  };
  return gradcheck(projected, [...xs, v], opts);
}
