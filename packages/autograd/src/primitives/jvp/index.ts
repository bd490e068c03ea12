import type { PrimName, PrimParams, JvpRule } from '../types.js';
import { elementwiseJvpRules } from './elementwise.js';
import { reduceJvpRules } from './reduce.js';
import { shapeJvpRules } from './shape.js';
import { linalgJvpRules } from './linalg.js';
import { linalgDecompJvpRules } from './linalg-decomp.js';
import { convJvpRules } from './conv.js';
import { attentionJvpRules } from './attention.js';
import { sortJvpRules } from './sort.js';
import { scanJvpRules } from './scan.js';
import { specialJvpRules } from './special.js';

/**
 * The forward-mode rule of every primitive (jvp). Its type lists every primitive name, so a primitive added
 * to the table without a jvp rule fails to compile.
 */
export const jvpRules: { readonly [K in PrimName]: JvpRule<PrimParams[K]> } = {
  ...elementwiseJvpRules,
  ...reduceJvpRules,
  ...shapeJvpRules,
  ...linalgJvpRules,
  ...linalgDecompJvpRules,
  ...convJvpRules,
  ...attentionJvpRules,
  ...sortJvpRules,
  ...scanJvpRules,
  ...specialJvpRules,
};
