/**
 * `linalg`: linear algebra on matrices and batches of matrices (leading axes are batch axes), with
 * PyTorch's names, semantics and derivative formulas.
 *
 * @module linalg
 */
export { cholesky, solveTriangular, solve, inv, det, slogdet } from './factor.js';
export type { CholeskyOptions, SolveTriangularOptions, SolveOptions, SlogdetResult } from './factor.js';
export { qr, eigh, eigvalsh, svd, svdvals } from './decomp.js';
export type { QrOptions, QrResult, EighOptions, EighResult, SvdOptions, SvdResult } from './decomp.js';
export { vectorNorm, matrixNorm, cond, matrixRank, pinv } from './norms.js';
export type { VectorNormOptions, MatrixNormOptions, MatrixNormOrd, RankTolerance } from './norms.js';
export { matrixPower, matrixExp, lstsq, multiDot } from './functions.js';
export type { LstsqResult } from './functions.js';
