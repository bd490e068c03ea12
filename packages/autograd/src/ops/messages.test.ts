import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { ones } from '../creation/fill.js';
import { tensor } from '../creation/tensor.js';
import { NablaError, ShapeError, ValueError } from '../errors.js';
import { hessian } from '../autodiff/jacobian.js';
import type { Tensor } from '../tensor/tensor.js';

/** Runs `fn` and checks the error class, the message, and that the given tensors are unchanged. */
function expectError(fn: () => unknown, cls: typeof NablaError, message: RegExp, ...owned: Tensor[]): void {
  const before = snapshot(...owned);
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(cls);
  expect((thrown as Error).message).toMatch(message);
  expect(snapshot(...owned)).toEqual(before);
}

describe('error messages name the op and echo the offending values (issue 20 item 10)', () => {
  it('a matmul batch mismatch shows both full shapes', () => {
    const a = ones([2, 3, 4]);
    const b = ones([5, 4, 2]);
    expectError(() => a.matmul(b), ShapeError, /^matmul: batch dimensions do not broadcast: a is \[2,3,4\] and b is \[5,4,2\] \(batch \[2\] vs \[5\]: dim 0: 2 vs 5\)$/, a, b);
    const c = ones([7, 1, 2, 3, 4]);
    expectError(() => c.matmul(ones([6, 4, 5])), ShapeError, /a is \[7,1,2,3,4\] and b is \[6,4,5\] \(batch \[7,1,2\] vs \[6\]: dim 2: 2 vs 6\)/, c);
  });

  it("sum('0') and other reductions echo the value and its kind", () => {
    const x = ones([2, 3]);
    expectError(() => x.sum('0' as never), ValueError, /^sum: axis must be a number, an array of numbers or undefined, got the string "0"$/, x);
    expectError(() => x.mean(['1'] as never), ValueError, /^mean: axis must be an integer, got the string "1"$/, x);
    expectError(() => x.max(0.5), ValueError, /^max: axis must be an integer, got number 0\.5$/, x);
  });

  it("clamp('0') prints the string as a string", () => {
    const x = ones([2]);
    expectError(() => x.clamp('0' as never), ValueError, /^clamp: min must be a number, got the string "0"$/, x);
    expectError(() => x.clamp(undefined, NaN), ValueError, /^clamp: max must be a number, got number NaN$/, x);
  });

  it('hessian errors say hessian, not grad', () => {
    const x = tensor([1, 2], { dtype: 'float64' });
    expectError(() => hessian((t: Tensor) => t.mul(2))(x), ShapeError, /^hessian: f must return a scalar \(one-element\) Tensor, but it returned shape \[2\]/, x);
    expectError(() => hessian((t: Tensor) => t.sum())('x' as never), ValueError, /^hessian: argument 0 must be a Tensor, got the string "x"$/);
    expectError(() => hessian((t: Tensor) => t.sum(), { argnums: 2 })(x), ValueError, /^hessian: argnums entry number 2 is not an argument index/, x);
    expect(hessian((t: Tensor) => t.pow(3).sum())(x).toArray()).toEqual([[6, 0], [0, 12]]);
  });
});
