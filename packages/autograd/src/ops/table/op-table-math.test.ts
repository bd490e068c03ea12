import { describe, it } from 'vitest';
import { checkRow } from './harness.js';
import { quantileRows } from './quantile-rows.js';
import { scanRows } from './scan-rows.js';
import { specialRows } from './special-rows.js';

// The wave-2 rows of the op table (same harness): forward against an independent plain-JS reference,
// gradcheck and, where twice differentiable, gradgradcheck in float64 over random shapes.
describe('op table: special functions, pointwise helpers, activations', () => {
  for (const row of specialRows) it(row.name, () => checkRow(row));
});
describe('op table: scans and wave-2 reductions', () => {
  for (const row of scanRows) it(row.name, () => checkRow(row));
});
describe('op table: median and quantile', () => {
  for (const row of quantileRows) it(row.name, () => checkRow(row));
});
