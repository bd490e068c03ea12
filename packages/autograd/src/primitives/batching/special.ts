import { apply } from '../apply.js';
import type { SpecialParams } from '../special.js';
import type { BatchTable } from '../types.js';
import { alignElementwise } from './util.js';

/**
 * The special functions act on each element alone, so the batch is just a bigger tensor: the unary ones run
 * on the physical input (their only input, hence batched); the binary one lines both inputs up as
 * [size, ...example shape] (a shared one as a broadcast view) and runs once.
 */
export const specialBatchRules = {
  special: ([x], _b, { op }) => apply('special', [x!], { op }),
  polygamma: ([x], _b, { n }) => apply('polygamma', [x!], { n }),
  special2: (inputs, batched, { op }, size) => apply('special2', alignElementwise(inputs, batched, size), { op }),
} satisfies BatchTable<SpecialParams>;
