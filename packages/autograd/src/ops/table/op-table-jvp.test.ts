import { describe, it } from 'vitest';
import { ALL_ROWS } from './all-rows.js';
import { checkJvpRow } from './transform-check.js';

// jvp rows of the op table: for every row, the forward-mode tangent along random directions against central
// differences (transform-check.ts); integer-valued rows must give a zero tangent.
for (const [label, rows] of ALL_ROWS) {
  describe(`op table jvp: ${label}`, () => {
    for (const row of rows) it(row.name, () => checkJvpRow(row, 6));
  });
}
