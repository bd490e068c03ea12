import type { ShapeParams } from '../shape.js';
import { apply } from '../apply.js';
import type { JvpTable } from '../types.js';
import { linearIn, linearJoint } from './util.js';

/** Shape primitives are linear in their (float) input; the index inputs are constants. */
export const shapeJvpRules = {
  reshape: linearIn('reshape'),
  expand: linearIn('expand'),
  permute: linearIn('permute'),
  slice: linearIn('slice'),
  unslice: linearIn('unslice'),
  // The constant border does not move: the tangent is padded with zeros.
  pad: ([t], { params: { widths } }) => (t ? apply('pad', [t], { widths, value: 0 }) : null),
  concat: linearJoint('concat'),
  flip: linearIn('flip'),
  gather: linearIn('gather'),
  scatterAdd: linearIn('scatterAdd'),
  indexSelect: linearIn('indexSelect'),
  indexAdd: linearIn('indexAdd'),
} satisfies JvpTable<ShapeParams>;
