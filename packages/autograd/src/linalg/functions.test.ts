import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../creation/tensor.js';
import { randn } from '../creation/random.js';
import { Generator } from '../random.js';
import { gradcheck } from '../testing/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import * as linalg from './index.js';

const maxAbs = (t: Tensor) => Math.max(0, ...Array.from(t.abs().data()));
const f64 = (rows: number[][]) => tensor(rows, { dtype: 'float64' });

describe('linalg functions: values', () => {
  it('matrixRank counts singular values above the tolerance; pinv of a rank-deficient matrix satisfies the Penrose equations', () => {
    const a = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
    expect(linalg.matrixRank(a).item()).toBe(2);
    expect(linalg.matrixRank(a).dtype).toBe('int32');
    expect(linalg.matrixRank(f64([[1, 0], [0, 1e-9]]), { atol: 1e-6 }).item()).toBe(1);
    const p = linalg.pinv(a);
    expect(maxAbs(a.matmul(p).matmul(a).sub(a))).toBeLessThan(1e-13);
    expect(maxAbs(p.matmul(a).matmul(p).sub(p))).toBeLessThan(1e-13);
    expect(maxAbs(a.matmul(p).sub(a.matmul(p).transpose(0, 1)))).toBeLessThan(1e-13);
  });

  it('lstsq: solution, residuals of an overdetermined full-rank system, rank and singular values', () => {
    const a = f64([[1, 0], [0, 1], [1, 1]]);
    const r = linalg.lstsq(a, tensor([1, 2, 4], { dtype: 'float64' }));
    expect(Array.from(r.solution.data()).map((v) => +v.toFixed(12))).toEqual([4 / 3, 7 / 3].map((v) => +v.toFixed(12)));
    expect(r.residuals.item()).toBeCloseTo(1 / 3, 12);
    expect(r.rank.item()).toBe(2);
    expect(Array.from(r.singularValues.data()).map((v) => +v.toFixed(12))).toEqual([Math.sqrt(3), 1].map((v) => +v.toFixed(12)));
    expect(linalg.lstsq(f64([[1, 1], [1, 1]]), f64([[2], [2]])).residuals.shape).toEqual([0]);
  });

  it('matrixExp with a large norm (scaling and squaring) matches the closed form of a rotation generator, with gradients', () => {
    const t = 7.5;
    const e = linalg.matrixExp(f64([[0, -t], [t, 0]]));
    expect(maxAbs(e.sub(f64([[Math.cos(t), -Math.sin(t)], [Math.sin(t), Math.cos(t)]])))).toBeLessThan(1e-12);
    gradcheck((x) => linalg.matrixExp(x), [randn([2, 3, 3], { dtype: 'float64', generator: new Generator(3) }).mul(2)]);
  });

  it('multiDot picks the cheap order: a [1, n] x [n, n] x [n, 1] chain gives the same value as left-to-right', () => {
    const g = new Generator(4);
    const xs = [randn([1, 50], { dtype: 'float64', generator: g }), randn([50, 50], { dtype: 'float64', generator: g }), randn([50, 2], { dtype: 'float64', generator: g })];
    expect(maxAbs(linalg.multiDot(xs).sub(xs[0]!.matmul(xs[1]!).matmul(xs[2]!)))).toBeLessThan(1e-11);
    expect(linalg.multiDot([tensor([1, 2]), tensor([[1, 0], [0, 1]])]).shape).toEqual([2]);
  });
});

describe('linalg dtypes', () => {
  it('float32 stays float32 (computed in float64 inside the kernels); int32 computes in float32', () => {
    const a32 = tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
    const a64 = a32.astype('float64');
    for (const f of [linalg.inv, linalg.cholesky, (t: Tensor) => linalg.svdvals(t), (t: Tensor) => linalg.eigvalsh(t), (t: Tensor) => linalg.qr(t).R, linalg.det, linalg.matrixExp]) {
      const out = f(a32);
      expect(out.dtype).toBe('float32');
      const ref = Array.from(f(a64).data());
      Array.from(out.data()).forEach((v, i) => expect(Math.abs(v - ref[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(ref[i]!))));
    }
    expect(linalg.inv(tensor([[2, 0], [0, 4]], { dtype: 'int32' })).dtype).toBe('float32');
  });
});

describe('linalg functions: bad inputs', () => {
  it('errors name the op and the shapes or values', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[1, 2, 3]]);
    expect(() => linalg.multiDot([a, b])).toThrow(ShapeError);
    expect(() => linalg.multiDot([a, b])).toThrow('linalg.multiDot: tensors[0] [2,2] and tensors[1] [1,3] cannot be multiplied (2 vs 1)');
    expect(() => linalg.multiDot([a])).toThrow('linalg.multiDot: expected an array of at least 2 tensors');
    expect(() => linalg.matrixPower(a, 1.5)).toThrow(ValueError);
    expect(() => linalg.matrixPower(a, 1.5)).toThrow('linalg.matrixPower: n must be an integer, got number 1.5');
    expect(() => linalg.matrixNorm(a, { ord: 3 as never })).toThrow("linalg.matrixNorm: ord must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got number 3");
    expect(() => linalg.matrixNorm(a, { axis: [1, 1] })).toThrow('linalg.matrixNorm: axis [1,1] repeats');
    expect(() => linalg.lstsq(a, b)).toThrow('linalg.lstsq: A [2,2] has 2 rows but B [1,3] has 1');
    expect(() => linalg.lstsq(a, a, { rcond: -1 })).toThrow('linalg.lstsq: rcond must be a number >= 0, got number -1');
    expect(() => linalg.lstsq(a, a, { driver: 'gelsd' } as never)).toThrow("linalg.lstsq: unknown option 'driver' (expected 'rcond')");
    expect(() => linalg.pinv(a, { rtol: -1 })).toThrow('linalg.pinv: rtol must be a number >= 0, got number -1');
    expect(() => linalg.matrixExp(b)).toThrow('linalg.matrixExp: A must be a square matrix');
    expect(() => linalg.vectorNorm(a, NaN)).toThrow('linalg.vectorNorm: ord must be a number or ±Infinity');
    expect(Array.from(a.data())).toEqual([1, 2, 3, 4]);
  });
});
