import { DTypeError, Tensor, ValueError, describe, fmtShape, noGrad, zeros } from '@nabla/autograd';
import { Module } from './module.js';

/** Parameters to regularise: an array (or any iterable) of tensors, or a Module (all its parameters). */
export type ParamSource = Iterable<Tensor> | Module;

function tensorsOf(op: string, params: ParamSource): Tensor[] {
  if (params instanceof Module) return params.parameters();
  if (params === null || typeof params !== 'object' || typeof (params as Partial<Iterable<Tensor>>)[Symbol.iterator] !== 'function') {
    throw new ValueError(`${op}: params must be an array of Tensors or a Module, got ${describe(params)}`);
  }
  const out = [...params];
  out.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new ValueError(`${op}: params[${i}] must be a Tensor, got ${describe(p)}`);
    if (p.dtype === 'int32') throw new DTypeError(`${op}: params[${i}] is int32 (shape ${fmtShape(p.shape)}); only float tensors can be regularised`);
  });
  return out;
}

function strength(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValueError(`${op}: ${name} must be a finite number >= 0, got ${describe(v)}`);
  }
  return v;
}

/** sum over tensors of f(p).sum(), as one scalar (0 for no tensors). */
function total(ps: Tensor[], f: (p: Tensor) => Tensor): Tensor {
  let acc: Tensor | null = null;
  for (const p of ps) acc = acc === null ? f(p).sum() : acc.add(f(p).sum());
  return acc ?? zeros([]);
}

/**
 * L1 penalty lambda * sum |p| over all parameters, a scalar Tensor to add to the loss. Its gradient is
 * lambda * sign(p), with 0 at p = 0 (the minimum-norm subgradient of |x|).
 * @example const loss = mseLoss(model.forward(x), y).add(l1Penalty(model, 1e-4));
 */
export function l1Penalty(params: ParamSource, lambda: number): Tensor {
  const l = strength('l1Penalty', 'lambda', lambda);
  return total(tensorsOf('l1Penalty', params), (p) => p.abs()).mul(l);
}

/**
 * L2 penalty lambda * sum p^2 (no factor 1/2), a scalar Tensor to add to the loss. Its gradient is
 * 2 lambda p, so it matches SGD's `weightDecay = 2 * lambda` (weight decay adds wd * p to the gradient).
 * @example const loss = crossEntropy(logits, y).add(l2Penalty(model.parameters(), 5e-4));
 */
export function l2Penalty(params: ParamSource, lambda: number): Tensor {
  const l = strength('l2Penalty', 'lambda', lambda);
  return total(tensorsOf('l2Penalty', params), (p) => p.square()).mul(l);
}

/**
 * Elastic net l1 * sum |p| + l2 * sum p^2: `l1Penalty(params, l1) + l2Penalty(params, l2)`.
 * @example elasticNet(model, 1e-5, 1e-4)
 */
export function elasticNet(params: ParamSource, l1: number, l2: number): Tensor {
  const a = strength('elasticNet', 'l1', l1);
  const b = strength('elasticNet', 'l2', l2);
  const ps = tensorsOf('elasticNet', params);
  return total(ps, (p) => p.abs()).mul(a).add(total(ps, (p) => p.square()).mul(b));
}

/** Options of `maxNorm`. */
export interface MaxNormOptions {
  /**
   * Axes over which each norm is taken. Default: every axis but the first, so each output unit's incoming
   * weights (a row of a Linear weight [out, in], a filter of a conv weight) is one vector; a 1-D tensor is one vector.
   */
  axis?: number | number[];
}

/**
 * Max-norm constraint (Srivastava et al. 2014), applied in place after an optimizer step: every vector whose
 * L2 norm exceeds maxValue is scaled down to norm maxValue (scale maxValue / (norm + 1e-7), as torch.renorm);
 * the others are left unchanged. Runs under noGrad and bumps each tensor's version.
 * @example opt.step(); maxNorm(model.parameters(), 3);
 */
export function maxNorm(params: ParamSource, maxValue: number, opts: MaxNormOptions = {}): void {
  const op = 'maxNorm';
  const m = strength(op, 'maxValue', maxValue);
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  const ps = tensorsOf(op, params);
  // Compute every new value first, so a bad axis for one tensor leaves all of them untouched.
  const updates = noGrad(() =>
    ps.map((p) => {
      const axes = opts.axis ?? (p.ndim <= 1 ? undefined : p.shape.slice(1).map((_, i) => i + 1));
      const norms = p.norm(2, axes, true);
      const scale = norms.add(1e-7).reciprocal().mul(m).where(norms.gt(m), 1);
      return p.mul(scale).astype(p.dtype).data();
    }),
  );
  noGrad(() => ps.forEach((p, i) => p.mutate((d) => d.set(updates[i]!))));
}
