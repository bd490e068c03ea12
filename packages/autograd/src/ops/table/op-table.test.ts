import { describe, it } from 'vitest';
import { elementwiseRows } from './elementwise-rows.js';
import { checkRow } from './harness.js';

// The op table: each row is checked forward against its plain-JS reference and by gradcheck (and
// gradgradcheck where twice differentiable) on fast-check inputs of rank 0..4 with broadcasting.
describe('op table', () => {
  for (const row of elementwiseRows) it(row.name, () => checkRow(row));
});
