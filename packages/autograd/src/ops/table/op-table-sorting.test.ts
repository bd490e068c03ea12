import { describe, it } from 'vitest';
import { checkRow } from './harness.js';
import { indexRows } from './index-rows.js';
import { sortRows } from './sort-rows.js';

// Wave-2 rows for sorting, scatter/index/mask, shape and einsum ops (same harness as op-table.test.ts).
describe('op table: sorting', () => {
  for (const row of sortRows) it(row.name, () => checkRow(row));
});
describe('op table: scatter, index and mask ops', () => {
  for (const row of indexRows) it(row.name, () => checkRow(row));
});
