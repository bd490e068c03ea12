import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { GradcheckError, gradcheck, gradgradcheck } from './gradcheck.js';

const x = tensor([[0.3, -1.2, 0.7], [1.5, 0.2, -0.4]], { dtype: 'float64' });
const y = tensor([0.5, -0.8, 1.1], { dtype: 'float64' });

describe('gradcheck', () => {
  it('accepts correct gradients of smooth functions (scalar and tensor outputs)', () => {
    expect(gradcheck((a) => a.sin().mul(a).sum(), [x])).toBe(true);
    expect(gradcheck((a, b) => a.mul(b).tanh(), [x, y])).toBe(true);
    expect(gradcheck((a, b) => a.matmul(b), [x, y])).toBe(true);
  });

  it('rejects a wrong gradient and names the input, element and both values', () => {
    // d/dx (x * stopgrad(x)) is x, but the function's true derivative is 2x.
    const wrong = (a: Tensor) => a.mul(a.detach()).sum();
    expect(() => gradcheck(wrong, [x])).toThrow(GradcheckError);
    expect(() => gradcheck(wrong, [x])).toThrow(/input 0 \(shape \[2,3\]\) element \[\d,\d\]: analytic .* vs numeric/);
  });

  it('uses random projections for large inputs and still catches errors', () => {
    const big = tensor(Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i)), { dtype: 'float64' });
    expect(gradcheck((a) => a.mul(a).sum(), [big])).toBe(true);
    expect(() => gradcheck((a) => a.mul(a.detach()).sum(), [big])).toThrow(/random direction/);
  });
});

describe('gradgradcheck', () => {
  it('accepts second derivatives of rules written in differentiable ops', () => {
    expect(gradgradcheck((a) => a.sin().mul(a).sum(), [x])).toBe(true);
    expect(gradgradcheck((a, b) => a.mul(b).exp(), [x, y])).toBe(true);
  });

  it('rejects a function whose first derivative is right but whose second is wrong', () => {
    // Value a^3 and slope 3a^2 (a frozen linearisation), but the slope itself does not move with a: f'' = 0, not 6a.
    const frozen = (a: Tensor) => {
      const c = a.detach();
      return c.pow(3).add(a.sub(c).mul(c.square().mul(3))).sum();
    };
    expect(gradcheck(frozen, [x])).toBe(true);
    expect(() => gradgradcheck(frozen, [x])).toThrow(GradcheckError);
  });
});
