/**
 * `utils` of `@nabla/nn` (PyTorch's torch.nn.utils): flattening parameters to one vector and back, and the
 * weight and spectral normalisation reparametrisations with PyTorch's state-dict names.
 * @example
 * const fc = utils.weightNorm(new Linear(4, 3)); // parameters bias, weight_g, weight_v
 */
import { Tensor, ValueError, concat, describe, fmtShape, noGrad, randn, type Generator } from '@nabla/autograd';
import { boolArg, generatorArg, intArg, numArg, options } from './check.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

function tensorsOf(op: string, params: Iterable<Tensor>): Tensor[] {
  if (params == null || typeof (params as Iterable<Tensor>)[Symbol.iterator] !== 'function') throw new ValueError(`${op}: parameters must be an iterable of Tensors, got ${describe(params)}`);
  const list = Array.from(params);
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new ValueError(`${op}: parameter ${i} must be a Tensor, got ${describe(p)}`);
  });
  return list;
}

/**
 * All parameters flattened and concatenated into one 1-D tensor (differentiable, as PyTorch's).
 * @example parametersToVector(model.parameters()).shape // [total number of weights]
 */
export function parametersToVector(params: Iterable<Tensor>): Tensor {
  const list = tensorsOf('parametersToVector', params);
  if (list.length === 0) throw new ValueError('parametersToVector: needs at least one parameter');
  const dtype = list[0]!.dtype;
  const bad = list.findIndex((p) => p.dtype !== dtype);
  if (bad >= 0) throw new ValueError(`parametersToVector: parameters must share one dtype; parameter 0 is ${dtype}, parameter ${bad} is ${list[bad]!.dtype}`);
  return concat(list.map((p) => p.reshape([p.size])), 0);
}

/**
 * Writes consecutive slices of the 1-D `vec` into the parameters, in place (the inverse of
 * `parametersToVector`); vec's length must be the parameters' total size.
 * @example vectorToParameters(parametersToVector(model.parameters()).mul(0.5), model.parameters())
 */
export function vectorToParameters(vec: Tensor, params: Iterable<Tensor>): void {
  const op = 'vectorToParameters';
  if (!(vec instanceof Tensor)) throw new ValueError(`${op}: vec must be a Tensor, got ${describe(vec)}`);
  const list = tensorsOf(op, params);
  const total = list.reduce((a, p) => a + p.size, 0);
  if (vec.ndim !== 1 || vec.size !== total) throw new ValueError(`${op}: vec must be 1-D of length ${total} (the parameters' total size), got shape ${fmtShape(vec.shape)}`);
  const data = vec.data();
  let off = 0;
  noGrad(() => {
    for (const p of list) {
      const part = data.subarray(off, off + p.size);
      p.mutate((d) => d.set(part));
      off += p.size;
    }
  });
}

function paramOf(op: string, module: unknown, name: unknown): Parameter {
  if (!(module instanceof Module)) throw new ValueError(`${op}: module must be a Module, got ${describe(module)}`);
  if (typeof name !== 'string') throw new ValueError(`${op}: name must be a string, got ${describe(name)}`);
  const p = (module as unknown as Record<string, unknown>)[name];
  if (!(p instanceof Parameter)) throw new ValueError(`${op}: ${module.constructor.name} has no parameter field '${name}' (got ${describe(p)})`);
  return p;
}

/** ||v|| over every axis but `dim` (kept as size 1), or over all when dim is null: PyTorch's norm_except_dim. */
function normExceptDim(v: Tensor, dim: number | null): Tensor {
  if (dim === null) return v.norm();
  const axes = v.shape.map((_, i) => i).filter((i) => i !== dim);
  return axes.length === 0 ? v.abs() : v.norm(2, axes, true);
}

/**
 * Weight normalisation (Salimans & Kingma; PyTorch's torch.nn.utils.weight_norm): replaces the parameter
 * `name` by `name_g` (the norms over every axis but `dim`) and `name_v` (the direction), and recomputes
 * `module[name] = g * v / ||v||` before every forward. State-dict names as PyTorch (`weight_g`, `weight_v`).
 * @example utils.weightNorm(new Linear(20, 40)).stateDict() // bias, weight_g [40, 1], weight_v [40, 20]
 */
export function weightNorm<M extends Module>(module: M, name = 'weight', dim: number | null = 0): M {
  const op = 'weightNorm';
  const w = paramOf(op, module, name);
  if (dim !== null) {
    intArg(op, 'dim', dim, -w.ndim);
    if (dim >= w.ndim) throw new ValueError(`${op}: dim ${dim} is out of range for ${name} of shape ${fmtShape(w.shape)}`);
    if (dim < 0) dim += w.ndim;
  }
  const d = dim;
  const g = new Parameter(noGrad(() => normExceptDim(w, d)).detach().clone());
  const v = new Parameter(w.detach().clone());
  const slot = module as unknown as Record<string, unknown>;
  module.registerParameter(`${name}_g`, g);
  module.registerParameter(`${name}_v`, v);
  const compute = () => v.mul(g.div(normExceptDim(v, d)));
  slot[name] = compute();
  module.registerForwardPreHook(() => {
    slot[name] = compute();
  });
  return module;
}

/** Options of `spectralNorm` (PyTorch's, camelCase). */
export interface SpectralNormOptions {
  /** Power iterations per training forward (default 1). */
  nPowerIterations?: number;
  /** Lower bound of the norms divided by (default 1e-12). */
  eps?: number;
  /** The output axis (default 0, 1 for ConvTranspose layers, as PyTorch). */
  dim?: number;
  /** Random source of the initial u and v (default: the global generator). */
  generator?: Generator;
}

/**
 * Spectral normalisation (Miyato et al.; PyTorch's torch.nn.utils.spectral_norm): `module[name]` becomes
 * `name_orig / sigma`, sigma the largest singular value of name_orig viewed as [size(dim), -1], estimated
 * by power iteration on the buffers `name_u` and `name_v` (updated in training forwards only). The
 * parameter is kept (as `name_orig`, the same object) so optimizers holding it keep working.
 * @example utils.spectralNorm(new Linear(20, 40)).stateDict() // bias, weight_orig, weight_u, weight_v
 */
export function spectralNorm<M extends Module>(module: M, name = 'weight', opts?: SpectralNormOptions): M {
  const op = 'spectralNorm';
  const w = paramOf(op, module, name);
  const o = options(op, opts, ['nPowerIterations', 'eps', 'dim', 'generator']);
  const iters = intArg(op, 'nPowerIterations', o.nPowerIterations ?? 1, 0);
  const eps = numArg(op, 'eps', o.eps, 1e-12, { min: 0, exclusiveMin: true });
  let dim = o.dim ?? (module.constructor.name.startsWith('ConvTranspose') ? 1 : 0);
  intArg(op, 'dim', dim, -w.ndim);
  if (dim >= w.ndim) throw new ValueError(`${op}: dim ${dim} is out of range for ${name} of shape ${fmtShape(w.shape)}`);
  if (dim < 0) dim += w.ndim;
  const generator = generatorArg(op, o.generator);
  const asMatrix = (t: Tensor): Tensor => {
    const moved = dim === 0 ? t : t.permute(dim, ...t.shape.map((_, i) => i).filter((i) => i !== dim));
    return moved.reshape([t.shape[dim]!, t.size / t.shape[dim]!]);
  };
  const unit = (x: Tensor) => x.div(x.norm().maximum(eps));
  const [h, cols] = asMatrix(w).shape as [number, number];
  const uName = `${name}_u`;
  const vName = `${name}_v`;
  const slot = module as unknown as Record<string, unknown>;
  delete slot[name];
  module.registerParameter(`${name}_orig`, w);
  module.registerBuffer(uName, unit(randn([h], { dtype: w.dtype, generator })));
  module.registerBuffer(vName, unit(randn([cols], { dtype: w.dtype, generator })));
  const compute = (power: boolean): Tensor => {
    const mat = asMatrix(w);
    if (power && iters > 0) {
      noGrad(() => {
        const m = mat.detach();
        let u = module.getBuffer(uName)!;
        let v = module.getBuffer(vName)!;
        for (let i = 0; i < iters; i++) {
          v = unit(m.transpose(0, 1).matmul(u));
          u = unit(m.matmul(v));
        }
        module.registerBuffer(uName, u.clone());
        module.registerBuffer(vName, v.clone());
      });
    }
    const u = module.getBuffer(uName)!;
    const v = module.getBuffer(vName)!;
    const sigma = u.dot(mat.matmul(v));
    return w.div(sigma);
  };
  slot[name] = noGrad(() => compute(false));
  module.registerForwardPreHook((m) => {
    slot[name] = compute(boolArg(op, 'training', m.training, true));
  });
  return module;
}
