import { describe, expect, it, vi } from 'vitest';
import { getBackend } from '../backend/registry.js';
import { tensor } from '../creation/tensor.js';
import { ones, zeros } from '../creation/fill.js';
import { ShapeError, ValueError } from '../errors.js';
import { addmm, bmm, cdist, cross, einsum, kron, mv, tensordot } from './index.js';
import { expectRejected } from './table/reject.js';

const f64 = (v: number[] | number[][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });

describe('einsum: exact cases', () => {
  it('handles zero-size axes, a 0-d operand and many operands', () => {
    expect(einsum('ij,jk->ik', zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(einsum(',i->i', tensor(2), f64([1, 2])).toArray()).toEqual([2, 4]);
    const v = f64([1, 2]);
    expect(einsum('a,a,a,a,a->', v, v, v, v, v).item()).toBe(33);
  });
  it('contracts pairwise through matmul, smallest intermediate first, never an outer product of unrelated operands', () => {
    // 'ia,jb,ab->ij' left to right would first form the outer product [i, a, j, b] = 2 * 300 * 2 * 300 entries;
    // the greedy order contracts a with ab ([2, 300]) and then with b ([2, 2]).
    const calls: number[][] = [];
    const backend = getBackend();
    const original = backend.matmul.bind(backend);
    const spy = vi.spyOn(backend, 'matmul').mockImplementation((...args) => {
      calls.push(args.slice(2, 6) as number[]);
      return original(...args);
    });
    try {
      const out = einsum('ia,jb,ab->ij', ones([2, 300]), ones([2, 300]), ones([300, 300]));
      expect(out.toArray()).toEqual([[90000, 90000], [90000, 90000]]);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toEqual([[1, 2, 300, 300], [1, 2, 300, 2]]);
  });
});

describe('einsum and products: bad inputs', () => {
  it('a wrong equation names the op, the equation and every shape; nothing changes', () => {
    const a = f64([[1, 2], [3, 4]]);
    const b = f64([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expectRejected(() => einsum('ij,jk->ik', a, b), ShapeError, [/^einsum: label 'j' has size 2 in one operand and 3 in operand 1/, /\[2,2\], \[3,3\]/], a, b);
    expectRejected(() => einsum('ij,jk->ik', a), ValueError, [/^einsum: equation 'ij,jk->ik' has 2 operand term\(s\) but got 1 tensor\(s\) \(shapes \[2,2\]\)/], a);
    expectRejected(() => einsum('ijk->i', a), ShapeError, [/^einsum: operand 0 has shape \[2,2\] \(2 dims\) but its term 'ijk' names 3/], a);
    expectRejected(() => einsum('ij->iz', a), ValueError, [/^einsum: output label 'z'/], a);
    expectRejected(() => einsum('ii->i', b.narrow(0, 0, 1)), ShapeError, [/^einsum: label 'i' is repeated in operand 0 with sizes 1 and 3/, /\[1,3\]/], b);
    expectRejected(() => einsum('ij->ii', a), ValueError, [/^einsum: output term .* repeats a label/], a);
    expectRejected(() => einsum('i1->i', a), ValueError, [/^einsum: invalid character '1'/], a);
    expectRejected(() => einsum('...i...->i', a), ValueError, [/more than one ellipsis/], a);
    expectRejected(() => einsum('ij->i->j', a), ValueError, [/more than one '->'/], a);
  });
  it('products name both shapes', () => {
    const a = f64([[1, 2], [3, 4]]);
    const v = f64([1, 2, 3]);
    expectRejected(() => mv(a, v), ShapeError, [/^mv: inner sizes differ \(2 vs 3\)/, /mat \[2,2\], vec \[3\]/], a, v);
    expectRejected(() => bmm(a, a), ShapeError, [/^bmm: a must be 3-D, got \[2,2\]/], a);
    expectRejected(() => tensordot(a, v, 1), ShapeError, [/^tensordot:/, /a \[2,2\], b \[3\]/], a, v);
    expectRejected(() => addmm(v, a, a), ShapeError, [/^addmm:/, /\[3\]/, /\[2,2\]/], a, v);
    expectRejected(() => cross(a, a), ShapeError, [/^cross: axis -1 must have length 3/, /\[2,2\]/], a);
    expectRejected(() => cdist(a, f64([[1, 2, 3]])), ShapeError, [/^cdist:/, /x1 \[2,2\] and x2 \[1,3\]/], a);
    expectRejected(() => cdist(a, a, { p: -1 }), ValueError, [/^cdist: p must be a non-negative number/], a);
  });
  it('cdist: zero distance has zero gradient (not NaN); kron of vectors', () => {
    const x = f64([[1, 2]], true);
    cdist(x, f64([[1, 2], [4, 6]])).sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([expect.closeTo(-0.6, 12), expect.closeTo(-0.8, 12)]);
    expect(kron(f64([1, 2]), f64([1, 10])).toArray()).toEqual([1, 10, 2, 20]);
  });
  it('cdist with more than 25 rows (the matmul path): zero distances are 0 with zero gradient', () => {
    const x = tensor(Array.from({ length: 30 }, (_, i) => [i % 3, 1]), { dtype: 'float64', requiresGrad: true });
    const d = cdist(x, f64([[0, 1], [3, 5]]));
    expect(d.shape).toEqual([30, 2]);
    expect(d.toArray()).toEqual(Array.from({ length: 30 }, (_, i) => [i % 3, Math.hypot(3 - (i % 3), 4)]));
    d.select(1, 0).sum().backward();
    expect(Array.from(x.grad!.data()).every(Number.isFinite)).toBe(true);
    expect(Array.from(x.grad!.data()).slice(0, 2)).toEqual([0, 0]);
  });
});
