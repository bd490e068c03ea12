import type { PrimName, PrimParams, BatchRule } from '../types.js';
import { elementwiseBatchRules } from './elementwise.js';
import { reduceBatchRules } from './reduce.js';
import { shapeBatchRules } from './shape.js';
import { linalgBatchRules } from './linalg.js';
import { linalgDecompBatchRules } from './linalg-decomp.js';
import { convBatchRules } from './conv.js';
import { attentionBatchRules } from './attention.js';
import { sortBatchRules } from './sort.js';
import { scanBatchRules } from './scan.js';
import { specialBatchRules } from './special.js';

/**
 * The batching rule of every primitive (vmap). Its type lists every primitive name, so a primitive added to
 * the table without a batching rule fails to compile.
 */
export const batchRules: { readonly [K in PrimName]: BatchRule<PrimParams[K]> } = {
  ...elementwiseBatchRules,
  ...reduceBatchRules,
  ...shapeBatchRules,
  ...linalgBatchRules,
  ...linalgDecompBatchRules,
  ...convBatchRules,
  ...attentionBatchRules,
  ...sortBatchRules,
  ...scanBatchRules,
  ...specialBatchRules,
};
