import { describe, it } from 'vitest';
import { ALL_ROWS } from './all-rows.js';
import { checkVmapRow } from './transform-check.js';

// vmap rows of the op table: for every row, vmap(row.fn) over a batch of 3 examples (the row's inputs and two
// shuffles of their values) against stacking row.fn over the examples (transform-check.ts), batch at axis 0, at
// random axes, and with input 0 unbatched; data-dependent ops must refuse.
for (const [label, rows] of ALL_ROWS) {
  describe(`op table vmap: ${label}`, () => {
    for (const row of rows) it(row.name, () => checkVmapRow(row, 6));
  });
}
