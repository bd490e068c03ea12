import { apply } from '../apply.js';
import type { ScanParams } from '../scan.js';
import type { BatchTable } from '../types.js';
import { shiftAxis } from './util.js';

/** A scan runs along one axis of each example independently: scan the batch along the shifted axis. */
export const scanBatchRules = {
  cumsum: ([x], _b, { axis }) => apply('cumsum', [x!], { axis: shiftAxis(axis) }),
  cumprod: ([x], _b, { axis }) => apply('cumprod', [x!], { axis: shiftAxis(axis) }),
  logcumsumexp: ([x], _b, { axis }) => apply('logcumsumexp', [x!], { axis: shiftAxis(axis) }),
  cumIndex: ([x], _b, { op, axis }) => apply('cumIndex', [x!], { op, axis: shiftAxis(axis) }),
} satisfies BatchTable<ScanParams>;
