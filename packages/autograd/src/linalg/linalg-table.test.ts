import { describe, it } from 'vitest';
import { checkRow } from '../ops/table/harness.js';
import { linalgRows } from '../ops/table/linalg-rows.js';
import { linalgFunctionRows } from '../ops/table/linalg-function-rows.js';

// The linalg rows of the op table: forward against plain-JS references (Laplace determinants, adjugates,
// Gram-Schmidt, closed-form eigenvalues), gradcheck and gradgradcheck in float64 over batched shapes.
describe('op table: linalg', () => {
  for (const row of linalgRows) it(row.name, () => checkRow(row, 8), 60_000);
});
describe('op table: linalg norms and matrix functions', () => {
  for (const row of linalgFunctionRows) it(row.name, () => checkRow(row, 8), 60_000);
});
