import { describe, expect, it } from 'vitest';
import { ValueError, tensor, type Tensor } from '@nabla/autograd';
import { clipGradNorm, clipGradValue, vectorNorm } from './clip.js';

/** A float64 leaf requiring grad, with `g` as its gradient. */
function withGrad(g: number[]): Tensor {
  const p = tensor(g.map(() => 0), { dtype: 'float64', requiresGrad: true });
  p.grad = tensor(g, { dtype: 'float64' });
  return p;
}
const grads = (ps: Tensor[]) => ps.map((p) => p.grad!.toArray() as number[]);

describe('clipGradNorm', () => {
  it('returns the 2-norm of all gradients and scales them by maxNorm / (total + 1e-6)', () => {
    const ps = [withGrad([3, 4]), withGrad([12])]; // per-tensor norms 5 and 12, total 13
    expect(clipGradNorm(ps, 1)).toBe(13);
    const k = 1 / (13 + 1e-6);
    expect(grads(ps)).toEqual([[3 * k, 4 * k], [12 * k]]);
  });

  it('leaves gradients (the very tensors) alone when the factor is not < 1', () => {
    const q = withGrad([0.3, 0.4]);
    const h = q.grad;
    expect(clipGradNorm([q], 1)).toBeCloseTo(0.5, 15);
    expect(q.grad).toBe(h);
    const edge = withGrad([3, 4]); // norm 5 = maxNorm: 5 / (5 + 1e-6) < 1, so it is scaled by a hair, as in PyTorch
    clipGradNorm([edge], 5);
    expect(edge.grad!.toArray()).toEqual([3 * (5 / (5 + 1e-6)), 4 * (5 / (5 + 1e-6))]);
  });

  it('supports the infinity norm and general p', () => {
    expect(clipGradNorm([withGrad([3, -4]), withGrad([2])], 10, Infinity)).toBe(4);
    expect(clipGradNorm([withGrad([3, -4]), withGrad([2])], 10, 1)).toBe(9);
    const ps = [withGrad([1, -2]), withGrad([2])];
    expect(clipGradNorm(ps, 1, 3)).toBeCloseTo(17 ** (1 / 3), 14);
    expect(grads(ps)[0]![0]).toBeCloseTo(1 / (17 ** (1 / 3) + 1e-6), 14);
  });

  it('returns 0 and leaves zero gradients alone (no 0/0)', () => {
    const ps = [withGrad([0, 0]), withGrad([0])];
    expect(clipGradNorm(ps, 1)).toBe(0);
    expect(grads(ps)).toEqual([[0, 0], [0]]);
    expect(clipGradNorm([tensor([1], { requiresGrad: true })], 1)).toBe(0); // no gradients at all
  });

  it('returns Infinity for an infinite gradient and leaves the gradients alone (no Inf·0 = NaN)', () => {
    const ps = [withGrad([1, Infinity]), withGrad([2])];
    expect(clipGradNorm(ps, 1)).toBe(Infinity);
    expect(grads(ps)).toEqual([[1, Infinity], [2]]);
    expect(clipGradNorm([withGrad([NaN, 1])], 1)).toBeNaN();
    expect(() => clipGradNorm(ps, 1, 2, { errorIfNonfinite: true })).toThrow(
      expect.objectContaining({ constructor: ValueError, message: 'clipGradNorm: the total norm of order 2 of the gradients is Infinity; they contain NaN or Infinity' }),
    );
  });

  it('does not overflow or underflow for huge or tiny finite gradients', () => {
    const big = [withGrad([3e200, 4e200])];
    expect(clipGradNorm(big, 1)).toBeCloseTo(5e200, -186);
    expect(grads(big)[0]).toEqual([expect.closeTo(0.6, 12), expect.closeTo(0.8, 12)]);
    expect(vectorNorm([3e-200, 4e-200], 2) / 5e-200).toBeCloseTo(1, 12);
    expect(vectorNorm([3e-200, 4e-200], 3)).toBeGreaterThan(0);
  });

  it('scales a gradient shared by two parameters once for each, without touching the shared tensor', () => {
    const shared = tensor([3, 4], { dtype: 'float64' });
    const [a, b] = [withGrad([0, 0]), withGrad([0, 0])];
    a.grad = shared;
    b.grad = shared;
    const total = clipGradNorm([a, b], 1);
    expect(total).toBeCloseTo(Math.sqrt(50), 14);
    expect(shared.toArray()).toEqual([3, 4]);
    expect(a.grad!.toArray()).toEqual(b.grad!.toArray());
    expect(vectorNorm([...(a.grad!.toArray() as number[]), ...(b.grad!.toArray() as number[])], 2)).toBeCloseTo(1, 5);
  });

  it('rejects bad arguments', () => {
    expect(() => clipGradNorm([withGrad([1])], -1)).toThrow('clipGradNorm: maxNorm must be a number >= 0, got number -1');
    expect(() => clipGradNorm([withGrad([1])], 1, 0)).toThrow('clipGradNorm: normType must be a number > 0 or Infinity, got number 0');
    expect(() => clipGradNorm(['x'] as never, 1)).toThrow('clipGradNorm: params[0] is not a Tensor: got the string "x"');
    expect(() => clipGradNorm(3 as never, 1)).toThrow(ValueError);
  });
});

describe('clipGradValue', () => {
  it('clamps every entry into [-clip, clip], keeps NaN, and accepts a single tensor', () => {
    const ps = [withGrad([-3, 0.5, 2]), withGrad([NaN, -0.1])];
    clipGradValue(ps, 1);
    expect(grads(ps)).toEqual([[-1, 0.5, 1], [NaN, -0.1]]);
    const p = withGrad([5]);
    clipGradValue(p, 0.5);
    expect(p.grad!.toArray()).toEqual([0.5]);
  });

  it('rejects a negative or non-numeric clip value', () => {
    expect(() => clipGradValue([withGrad([1])], -1)).toThrow('clipGradValue: clipValue must be a number >= 0, got number -1');
    expect(() => clipGradValue([withGrad([1])], NaN)).toThrow(ValueError);
  });
});
