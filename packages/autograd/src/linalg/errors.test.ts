import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../creation/tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import * as linalg from './index.js';

/** Asserts fn throws `cls` with exactly `message`, and that `inputs` are unchanged afterwards. */
function throwsUnchanged(fn: () => unknown, cls: typeof ShapeError | typeof ValueError, message: string, inputs: Tensor[]): void {
  const before = inputs.map((t) => Array.from(t.data()));
  expect(fn).toThrow(cls);
  expect(fn).toThrow(message);
  inputs.forEach((t, i) => expect(Array.from(t.data())).toEqual(before[i]));
}

describe('linalg bad inputs', () => {
  const rect = tensor([[1, 2, 3], [4, 5, 6]]);
  it('non-square input: ShapeError naming the op and the shape', () => {
    for (const [name, f] of [['linalg.inv', linalg.inv], ['linalg.det', linalg.det], ['linalg.cholesky', linalg.cholesky], ['linalg.eigh', linalg.eigh], ['linalg.eigvalsh', linalg.eigvalsh], ['linalg.slogdet', linalg.slogdet]] as const) {
      throwsUnchanged(() => f(rect), ShapeError, `${name}: A must be a square matrix or a batch of square matrices [..., n, n], got shape [2,3] (2 x 3)`, [rect]);
    }
    throwsUnchanged(() => linalg.solve(rect, tensor([1, 2])), ShapeError, 'linalg.solve: A must be a square matrix', [rect]);
  });

  it('fewer than 2 dimensions: ShapeError', () => {
    const v = tensor([1, 2, 3]);
    throwsUnchanged(() => linalg.svd(v), ShapeError, 'linalg.svd: A must be a matrix or a batch of matrices [..., m, n], got shape [3]', [v]);
    throwsUnchanged(() => linalg.qr(v), ShapeError, 'linalg.qr: A must be a matrix or a batch of matrices [..., m, n], got shape [3]', [v]);
  });

  it('singular matrix in inv/solve: ValueError naming the op and the batch element', () => {
    const a = tensor([[[1, 0], [0, 1]], [[1, 2], [2, 4]]], { dtype: 'float64' });
    throwsUnchanged(() => linalg.inv(a), ValueError, 'linalg.inv: batch element 1 of input [2,2,2]: the input is singular (U[1, 1] of its LU factorization is exactly zero)', [a]);
    const b = tensor([[1], [1]], { dtype: 'float64' });
    throwsUnchanged(() => linalg.solve(a, b), ValueError, 'linalg.solve: batch element 1 of input [2,2,2]: the input is singular', [a, b]);
    const single = tensor([[0, 0], [0, 0]]);
    throwsUnchanged(() => linalg.inv(single), ValueError, 'linalg.inv: input [2,2]: the input is singular (U[0, 0]', [single]);
  });

  it('non-positive-definite matrix in cholesky: ValueError naming the batch element and the minor', () => {
    const a = tensor([[[4, 0], [0, 1]], [[4, 0], [0, 9]], [[1, 2], [2, 1]]], { dtype: 'float64' });
    throwsUnchanged(() => linalg.cholesky(a), ValueError,
      'linalg.cholesky: batch element 2 of input [3,2,2]: the input is not positive-definite (the leading minor of order 2 is not positive-definite)', [a]);
  });

  it('mismatched right-hand side: ShapeError naming both shapes', () => {
    const a = tensor([[2, 0], [0, 2]]);
    const b = tensor([[1, 2, 3]]);
    throwsUnchanged(() => linalg.solve(a, b), ShapeError, 'linalg.solve: A [2,2] and B [1,3] do not match: A is 2 x 2, so B needs 2 rows, got 1', [a, b]);
    throwsUnchanged(() => linalg.solveTriangular(a, b, { upper: true }), ShapeError, 'linalg.solveTriangular: A [2,2] and B [1,3] do not match', [a, b]);
    const batched = tensor([[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
    const b2 = tensor([[[1], [2]], [[1], [2]]]);
    throwsUnchanged(() => linalg.solve(batched, b2), ShapeError, 'linalg.solve: the batch dimensions of A [3,2,2] and B [2,2,1] do not broadcast', [batched, b2]);
  });

  it('bad options: ValueError naming the option', () => {
    const a = tensor([[2, 0], [0, 2]]);
    expect(() => linalg.solveTriangular(a, a, {} as never)).toThrow("linalg.solveTriangular: the option 'upper' (a boolean) is required, got undefined");
    expect(() => linalg.qr(a, { mode: 'full' as never })).toThrow(`linalg.qr: mode must be 'reduced', 'complete' or 'r', got the string "full"`);
    expect(() => linalg.eigh(a, { uplo: 'X' as never })).toThrow(`linalg.eigh: uplo must be 'L' or 'U', got the string "X"`);
    expect(() => linalg.svd(a, { full_matrices: false } as never)).toThrow("linalg.svd: unknown option 'full_matrices' (expected 'fullMatrices')");
    expect(() => linalg.inv([[1, 0], [0, 1]] as never)).toThrow(ValueError);
  });
});

describe('linalg.svd accuracy on ill-conditioned input', () => {
  it('keeps singular values from 1 down to 1e-15 to relative 1e-13 (column-graded input)', () => {
    // A = H diag(s) P: H an exact reflection (orthogonal to rounding), P a signed permutation, so the
    // singular values are s up to a relative rounding error; a bidiagonalising SVD's absolute error
    // (~1e-16 * s_max) would swamp the smallest.
    const s = [1, 1e-3, 1e-7, 1e-11, 1e-15];
    const n = s.length;
    const v = [1, -2, 3, 0.5, -1];
    const vv = v.reduce((p, x) => p + x * x, 0);
    const h = v.map((vi, i) => v.map((vj, j) => (i === j ? 1 : 0) - (2 * vi * vj) / vv));
    const perm = [3, 0, 4, 1, 2];
    const a = h.map((row) => Array.from({ length: n }, (_, j) => row[perm.indexOf(j)]! * s[perm.indexOf(j)]! * (j % 2 ? -1 : 1)));
    const got = Array.from(linalg.svdvals(tensor(a, { dtype: 'float64' })).data());
    got.forEach((g, i) => expect(Math.abs(g - s[i]!) / s[i]!).toBeLessThan(1e-13));
  });
});
