import type { ConvParams } from '../conv.js';
import type { JvpTable } from '../types.js';
import { linearIn, noTangent } from './util.js';

export const convJvpRules = {
  // unfold and fold copy (and sum) entries without looking at their values: linear, d unfold(x) = unfold(dx).
  unfold: linearIn('unfold'),
  fold: linearIn('fold'),
  // Integer indices, piecewise constant in x: no tangent (the pooled values get theirs from the gather).
  maxPoolIndex: noTangent,
} satisfies JvpTable<ConvParams>;
