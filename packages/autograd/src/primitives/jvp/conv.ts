import type { ConvParams } from '../conv.js';
import type { JvpTable } from '../types.js';
import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import { linearIn, noTangent, sumTerms } from './util.js';

/** The rule of a primitive bilinear in its two inputs: d f(a, b) = f(da, b) + f(a, db). */
const bilinear = (name: 'conv2d' | 'conv2dGradX' | 'conv2dGradW') =>
  ([ta, tb]: readonly (Tensor | null)[], { inputs: [a, b], params }: { inputs: readonly Tensor[]; params: ConvParams[typeof name] }): Tensor | null =>
    sumTerms([ta ? apply(name, [ta, b!], params) : null, tb ? apply(name, [a!, tb], params) : null]);

export const convJvpRules = {
  // unfold and fold copy (and sum) entries without looking at their values: linear, d unfold(x) = unfold(dx).
  unfold: linearIn('unfold'),
  fold: linearIn('fold'),
  // Integer indices, piecewise constant in x: no tangent (the pooled values get theirs from the gather).
  maxPoolIndex: noTangent,
  // The fused convolution and its two gradients are each bilinear (a matrix product of a linear map of one
  // input with the other).
  conv2d: bilinear('conv2d'),
  conv2dGradX: bilinear('conv2dGradX'),
  conv2dGradW: bilinear('conv2dGradW'),
} satisfies JvpTable<ConvParams>;
