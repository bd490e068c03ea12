import { describe, it } from 'vitest';
import { einsumRows } from './einsum-rows.js';
import { elementwiseRows } from './elementwise-rows.js';
import type { OpRow } from './harness.js';
import { indexRows } from './index-rows.js';
import { linalgFunctionRows } from './linalg-function-rows.js';
import { linalgRows } from './linalg-rows.js';
import { productRows } from './products-rows.js';
import { quantileRows } from './quantile-rows.js';
import { reduceRows } from './reduce-rows.js';
import { scanRows } from './scan-rows.js';
import { shapeRows } from './shape-rows.js';
import { shape2Rows } from './shape2-rows.js';
import { sortRows } from './sort-rows.js';
import { specialRows } from './special-rows.js';
import { checkVmapRow } from './transform-check.js';

// vmap rows of the op table: for every row, vmap(row.fn) over a batch of 3 examples (the row's inputs and two
// shuffles of their values) against stacking row.fn over the examples (transform-check.ts), batch at axis 0, at
// random axes, and with input 0 unbatched; data-dependent ops must refuse.
const files: [string, OpRow[]][] = [
  ['elementwise', elementwiseRows],
  ['reductions', reduceRows],
  ['shape, indexing, linear algebra', shapeRows],
  ['special functions, pointwise helpers, activations', specialRows],
  ['scans and wave-2 reductions', scanRows],
  ['median and quantile', quantileRows],
  ['sorting', sortRows],
  ['scatter, index and mask ops', indexRows],
  ['einsum', einsumRows],
  ['wave-2 shape ops', shape2Rows],
  ['products and distances', productRows],
  ['linalg', linalgRows],
  ['linalg functions', linalgFunctionRows],
];
for (const [label, rows] of files) {
  describe(`op table vmap: ${label}`, () => {
    for (const row of rows) it(row.name, () => checkVmapRow(row, 6));
  });
}
