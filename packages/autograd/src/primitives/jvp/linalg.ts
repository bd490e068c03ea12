import type { LinalgParams } from '../linalg.js';
import { apply } from '../apply.js';
import type { JvpTable } from '../types.js';
import { sumTerms } from './util.js';

export const linalgJvpRules = {
  // d(AB) = dA B + A dB.
  matmul: ([tx, ty], { inputs: [x, y], params }) =>
    sumTerms([tx ? apply('matmul', [tx, y!], params) : null, ty ? apply('matmul', [x!, ty], params) : null]),
} satisfies JvpTable<LinalgParams>;
