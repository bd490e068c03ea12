import { DTypeError, Generator, ShapeError, ValueError, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { huberLoss, l1Loss, mseLoss, smoothL1Loss } from './regression-losses.js';

const f64 = (d: number[]) => tensor(d, { dtype: 'float64' });
const x = f64([0, 0.5, 3, -2]);
const y = f64([0.25, 2, 1, -2]); // d = x - y = [-0.25, -1.5, 2, 0]

describe('regression losses: values against hand computation', () => {
  it.each([
    ['mseLoss', mseLoss, {}, [0.0625, 2.25, 4, 0]],
    ['l1Loss', l1Loss, {}, [0.25, 1.5, 2, 0]],
    // beta = 1: 0.5 d^2 inside, |d| - 0.5 outside
    ['smoothL1Loss', smoothL1Loss, {}, [0.03125, 1, 1.5, 0]],
    // beta = 0.5: 0.5 d^2 / 0.5 = d^2 inside (|d| < 0.5), |d| - 0.25 outside
    ['smoothL1Loss beta 0.5', smoothL1Loss, { beta: 0.5 }, [0.0625, 1.25, 1.75, 0]],
    ['smoothL1Loss beta 0 (= L1)', smoothL1Loss, { beta: 0 }, [0.25, 1.5, 2, 0]],
    // delta = 1: 0.5 d^2 inside, |d| - 0.5 outside (= smoothL1 with beta 1)
    ['huberLoss', huberLoss, {}, [0.03125, 1, 1.5, 0]],
    // delta = 2: 0.5 d^2 for |d| < 2, 2 (|d| - 1) otherwise
    ['huberLoss delta 2', huberLoss, { delta: 2 }, [0.03125, 1.125, 2, 0]],
  ] as const)('%s', (_, fn, opts, want) => {
    const f = fn as (a: Tensor, b: Tensor, o: object) => Tensor;
    expect(Array.from(f(x, y, { ...opts, reduction: 'none' }).data())).toEqual(want);
    const total = (want as readonly number[]).reduce((a, b) => a + b, 0);
    expect(f(x, y, { ...opts, reduction: 'sum' }).item()).toBeCloseTo(total, 12);
    expect(f(x, y, opts).item()).toBeCloseTo(total / 4, 12);
  });
});

describe('regression losses: gradients', () => {
  const g = new Generator(21);
  const a = randn([3, 4], { dtype: 'float64', generator: g });
  const b = randn([3, 4], { dtype: 'float64', generator: g });

  it('mseLoss passes gradcheck and gradgradcheck in both arguments', () => {
    expect(gradcheck((p, q) => mseLoss(p!, q!), [a, b])).toBe(true);
    expect(gradgradcheck((p, q) => mseLoss(p!, q!, { reduction: 'none' }), [a, b])).toBe(true);
  });

  it('l1Loss and huberLoss pass gradcheck (random inputs stay away from their kinks)', () => {
    expect(gradcheck((p) => l1Loss(p!, b, { reduction: 'sum' }), [a])).toBe(true);
    expect(gradcheck((p) => huberLoss(p!, b, { delta: 0.7 }), [a])).toBe(true);
  });

  it('smoothL1Loss passes gradcheck and, away from |d| = beta, gradgradcheck', () => {
    const p = f64([0.1, -0.3, 2, -3, 0.45]);
    const q = zeros([5], { dtype: 'float64' });
    expect(gradcheck((s) => smoothL1Loss(s!, q, { beta: 0.5 }), [p])).toBe(true);
    expect(gradgradcheck((s) => smoothL1Loss(s!, q, { beta: 0.5, reduction: 'none' }), [p])).toBe(true);
  });

  it('l1Loss has gradient 0 at x = y (subgradient), smoothL1 is continuous in value and slope at the kink', () => {
    const p = f64([1]).setRequiresGrad();
    l1Loss(p, f64([1])).backward();
    expect(p.grad!.item()).toBe(0);
    const at = (v: number) => smoothL1Loss(f64([v]), f64([0]), { beta: 0.5 }).item();
    expect(at(0.5 - 1e-9)).toBeCloseTo(at(0.5 + 1e-9), 8);
  });
});

describe('regression losses: bad inputs', () => {
  it('reject shape mismatches without broadcasting ([N] vs [N, 1])', () => {
    for (const fn of [mseLoss, l1Loss, smoothL1Loss, huberLoss]) {
      expect(() => fn(zeros([4]), zeros([4, 1]))).toThrow(ShapeError);
    }
    expect(() => mseLoss(zeros([4]), zeros([4, 1]))).toThrow('mseLoss: input has shape [4] but target has shape [4,1]; they must match (no broadcasting)');
  });

  it('reject bad options and operands', () => {
    expect(() => mseLoss(zeros([2]), zeros([2]), { reduction: 'avg' as 'mean' })).toThrow("mseLoss: reduction must be one of 'mean', 'sum', 'none', got the string \"avg\"");
    expect(() => smoothL1Loss(zeros([2]), zeros([2]), { beta: -1 })).toThrow(/beta must be >= 0, got -1/);
    expect(() => huberLoss(zeros([2]), zeros([2]), { delta: 0 })).toThrow(/delta must be > 0, got 0/);
    expect(() => mseLoss(zeros([2]), [0, 0] as unknown as Tensor)).toThrow(/mseLoss: target must be a Tensor, got an array of length 2/);
    expect(() => l1Loss(zeros([2], { dtype: 'int32' }), zeros([2]))).toThrow(DTypeError);
    expect(() => mseLoss(zeros([2]), zeros([2]), 'sum' as never)).toThrow(ValueError);
  });

  it('mean over zero elements is NaN (as PyTorch), sum is 0', () => {
    expect(mseLoss(zeros([0]), zeros([0])).item()).toBeNaN();
    expect(mseLoss(zeros([0]), zeros([0]), { reduction: 'sum' }).item()).toBe(0);
  });
});
