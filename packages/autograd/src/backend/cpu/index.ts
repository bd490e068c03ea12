import type { Backend } from '../backend.js';
import { binary, compare, unary, where } from './elementwise.js';
import { cast, contiguous } from './layout.js';
import { matmul } from './matmul.js';
import { argReduce, reduce } from './reduce.js';

/** The TypeScript kernels: plain loops over typed arrays, single-threaded. */
export const cpuBackend: Backend = {
  name: 'cpu',
  contiguous,
  cast,
  unary,
  binary,
  compare,
  where,
  reduce,
  argReduce,
  matmul,
};
