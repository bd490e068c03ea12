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

/** Every row list of the op table with a label, for the suites that run a check over all of them. */
export const ALL_ROWS: readonly (readonly [string, readonly OpRow[]])[] = [
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
