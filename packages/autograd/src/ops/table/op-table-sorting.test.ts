import { describe, it } from 'vitest';
import { checkRow } from './harness.js';
import { indexRows } from './index-rows.js';
import { sortRows } from './sort-rows.js';
import { einsumRows } from './einsum-rows.js';
import { shape2Rows } from './shape2-rows.js';
import { productRows } from './products-rows.js';

// Wave-2 rows for sorting, scatter/index/mask, shape and einsum ops (same harness as op-table.test.ts).
describe('op table: sorting', () => {
  for (const row of sortRows) it(row.name, () => checkRow(row));
});
describe('op table: scatter, index and mask ops', () => {
  for (const row of indexRows) it(row.name, () => checkRow(row));
});
describe('op table: einsum', () => {
  for (const row of einsumRows) it(row.name, () => checkRow(row));
});
describe('op table: wave-2 shape ops', () => {
  for (const row of shape2Rows) it(row.name, () => checkRow(row));
});
describe('op table: products and distances', () => {
  for (const row of productRows) it(row.name, () => checkRow(row));
});
