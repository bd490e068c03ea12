import { onesLike } from '../../creation/fill.js';
import { reducePrims, type ReduceParams } from '../reduce.js';
import { apply } from '../apply.js';
import type { JvpRule, JvpTable } from '../types.js';
import { linearIn, noTangent } from './util.js';

type AxesName = 'max' | 'prod' | 'logsumexp';

/**
 * A reduction out = r(x) over `axes` has vjp g -> g (kept) * W with W_k = d out / d x_k, so W is its vjp of a
 * seed of ones, and the tangent is the weighted sum d out = sum_k W_k t_k over the same axes.
 */
function weightedSum<K extends AxesName>(name: K): JvpRule<ReduceParams[K]> {
  return ([t], { inputs, out, params }) => {
    if (t === null || t === undefined) return null;
    const vjp = reducePrims[name].vjp;
    const w = vjp(onesLike(out), { inputs, out, params, needs: [true] })[0]!;
    return apply('sum', [t.mul(w)], { axes: params.axes, keepDims: params.keepDims });
  };
}

export const reduceJvpRules = {
  sum: linearIn('sum'),
  max: weightedSum('max'),
  prod: weightedSum('prod'),
  logsumexp: weightedSum('logsumexp'),
  argReduce: noTangent,
  // d softmax = s * (t - sum(s t)): the same map as its vjp (the Jacobian diag(s) - s s^T is symmetric).
  softmax: ([t], { out, params: { axis } }) => (t ? out.mul(t.sub(t.mul(out).sum(axis, true))) : null),
  // d logSoftmax = t - sum(softmax * t) along the axis.
  logSoftmax: ([t], { out, params: { axis } }) => (t ? t.sub(out.exp().mul(t).sum(axis, true)) : null),
} satisfies JvpTable<ReduceParams>;
