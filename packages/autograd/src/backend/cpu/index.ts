import type { Backend } from '../backend.js';
import { binary, compare, unary, where } from './elementwise.js';
import { cast, contiguous } from './layout.js';
import { matmul } from './matmul.js';
import { fold, maxPoolIndex, unfold } from './conv.js';
import { conv2d, conv2dGradW, conv2dGradX } from './conv-gemm.js';
import { concat, embed, gather, scatterAdd } from './shape.js';
import { argsort, scatterReduce, searchsorted } from './sort.js';
import { polygamma, special, special2 } from './special-kernels.js';
import { cumIndex, cumulative } from './scan.js';
import { argReduce, logsumexp, reduce, softmax } from './reduce.js';
import { attention } from './attention.js';
import { cholesky, luDet, luSolve, triangularSolve } from './linalg-factor.js';
import { eigh, qr, svd } from './linalg-spectral.js';
import { allFinite, axpy } from './update.js';

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
  logsumexp,
  softmax,
  matmul,
  embed,
  concat,
  gather,
  scatterAdd,
  unfold,
  fold,
  maxPoolIndex,
  conv2d,
  conv2dGradX,
  conv2dGradW,
  attention,
  argsort,
  searchsorted,
  scatterReduce,
  special,
  special2,
  polygamma,
  cumulative,
  cumIndex,
  cholesky,
  triangularSolve,
  luSolve,
  luDet,
  qr,
  eigh,
  svd,
  axpy,
  allFinite,
};
