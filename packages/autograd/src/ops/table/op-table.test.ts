import { describe, it } from 'vitest';
import { elementwiseRows } from './elementwise-rows.js';
import { checkRow } from './harness.js';
import { reduceRows } from './reduce-rows.js';
import { shapeRows } from './shape-rows.js';

// The op table: each row is checked forward against its plain-JS reference and by gradcheck (and
// gradgradcheck where twice differentiable) on fast-check inputs of rank 0..4 with broadcasting.
describe('op table: elementwise', () => {
  for (const row of elementwiseRows) it(row.name, () => checkRow(row));
});
describe('op table: reductions', () => {
  for (const row of reduceRows) it(row.name, () => checkRow(row));
});
describe('op table: shape, indexing, linear algebra', () => {
  for (const row of shapeRows) it(row.name, () => checkRow(row));
});
