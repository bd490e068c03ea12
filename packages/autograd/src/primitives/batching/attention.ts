import { apply } from '../apply.js';
import type { AttentionPrimParams } from '../attention.js';
import type { BatchTable } from '../types.js';
import { withBatch } from './util.js';

/**
 * Attention takes any number of leading batch axes ([...batch, L, E]), all inputs sharing them, so the vmap
 * batch is one more of them: shared inputs broadcast to it (stride-0 views, the mask stays one) and a single
 * call covers every example. No reshape is needed, so a broadcast mask is never copied.
 */
export const attentionBatchRules = {
  attention: (inputs, batched, params, size) => apply('attention', inputs.map((x, k) => withBatch(x, batched[k]!, size)), params),
  attentionProbs: (inputs, batched, params, size) =>
    apply('attentionProbs', inputs.map((x, k) => withBatch(x, batched[k]!, size)), params),
} satisfies BatchTable<AttentionPrimParams>;
