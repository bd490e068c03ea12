import { elementwisePrims } from './elementwise.js';
import { linalgPrims } from './linalg.js';
import { convPrims } from './conv.js';
import { attentionPrims } from './attention.js';
import { reducePrims } from './reduce.js';
import { shapePrims } from './shape.js';
import { sortPrims } from './sort.js';
import { specialPrims } from './special.js';
import { scanPrims } from './scan.js';
import { linalgDecompPrims } from '../linalg/primitives.js';
import type { PrimName, PrimParams, Primitive } from './types.js';

/**
 * The one table of primitives. Its type lists every primitive name, so a group that forgets an entry,
 * or an entry with the wrong parameter type, fails to compile.
 */
export const primitives: { readonly [K in PrimName]: Primitive<PrimParams[K]> } = {
  ...elementwisePrims,
  ...reducePrims,
  ...shapePrims,
  ...linalgPrims,
  ...convPrims,
  ...attentionPrims,
  ...sortPrims,
  ...specialPrims,
  ...scanPrims,
  ...linalgDecompPrims,
};
