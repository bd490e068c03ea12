import { DTypeError, Generator, ValueError, noGrad, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { Sequential } from './containers.js';
import { Linear } from './layers/linear.js';
import { Parameter } from './parameter.js';
import { elasticNet, l1Penalty, l2Penalty, maxNorm } from './regularizers.js';

const f64 = (d: number[] | number[][]) => tensor(d, { dtype: 'float64' });

describe('penalties', () => {
  const ps = [f64([1, -2]), f64([[0.5], [-3]])];

  it('l1 = lambda sum |p|, l2 = lambda sum p^2 (no 1/2), elasticNet = both', () => {
    expect(l1Penalty(ps, 0.1).item()).toBeCloseTo(0.1 * 6.5, 14);
    expect(l2Penalty(ps, 0.1).item()).toBeCloseTo(0.1 * (1 + 4 + 0.25 + 9), 14);
    expect(elasticNet(ps, 0.1, 0.01).item()).toBeCloseTo(0.65 + 0.1425, 14);
    expect(l1Penalty([], 1).item()).toBe(0);
    expect(l1Penalty(ps, 0).item()).toBe(0);
  });

  it('accept a Module and return a scalar that backpropagates into its parameters', () => {
    const m = new Sequential(new Linear(2, 2), new Linear(2, 1));
    const loss = l2Penalty(m, 0.5);
    expect(loss.shape).toEqual([]);
    loss.backward();
    for (const p of m.parameters()) {
      const want = Array.from(p.data(), (v) => 2 * 0.5 * v); // d(lambda p^2) = 2 lambda p: SGD weightDecay = 2 lambda
      Array.from(p.grad!.data()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    }
  });

  it('L1 has subgradient 0 at exactly 0; gradcheck elsewhere', () => {
    const p = new Parameter(f64([0, 2, -1]));
    l1Penalty([p], 3).backward();
    expect(Array.from(p.grad!.data())).toEqual([0, 3, -3]);
    const x = randn([3, 2], { dtype: 'float64', generator: new Generator(1) });
    expect(gradcheck((t) => elasticNet([t!], 0.3, 0.7), [x])).toBe(true);
  });

  it('reject negative, NaN or non-number strengths and bad params at the call', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '0.1']) {
      expect(() => l1Penalty(ps, bad as number)).toThrow(ValueError);
      expect(() => l2Penalty(ps, bad as number)).toThrow(/l2Penalty: lambda must be a finite number >= 0/);
      expect(() => elasticNet(ps, 0.1, bad as number)).toThrow(/elasticNet: l2 must be a finite number >= 0/);
    }
    expect(() => l1Penalty([zeros([1]), [1] as unknown as Tensor], 1)).toThrow('l1Penalty: params[1] must be a Tensor, got an array of length 1');
    expect(() => l1Penalty(5 as never, 1)).toThrow(/params must be an array of Tensors or a Module, got number 5/);
    expect(() => l1Penalty([zeros([1], { dtype: 'int32' })], 1)).toThrow(DTypeError);
  });
});

describe('maxNorm', () => {
  it('scales rows whose norm exceeds maxValue down to it and leaves the others, in place', () => {
    const w = new Parameter(f64([[3, 4], [0.3, 0.4], [0, 0]]));
    const version = w._storage.version;
    maxNorm([w], 1);
    const d = w.data();
    const s = 1 / (5 + 1e-7);
    [3 * s, 4 * s, 0.3, 0.4, 0, 0].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 14));
    expect(w._storage.version).toBe(version + 1);
  });

  it('takes norms over the given axes, and a 1-D tensor as one vector', () => {
    const w = f64([[3, 0.3], [4, 0.4]]);
    maxNorm([w], 1, { axis: 0 }); // column norms 5 and 0.5
    expect(w.data()[0]).toBeCloseTo(0.6, 6);
    expect(w.data()[1]).toBeCloseTo(0.3, 14);
    const b = f64([6, 8]);
    maxNorm([b], 5);
    expect(Array.from(b.data()).map((v) => +v.toFixed(6))).toEqual([3, 4]);
  });

  it('validates maxValue and the axes before touching any tensor', () => {
    const a = f64([[3, 4]]);
    const b = f64([10]);
    expect(() => maxNorm([a], -1)).toThrow(/maxNorm: maxValue must be a finite number >= 0, got number -1/);
    expect(() => maxNorm([a, b], 1, { axis: 1 })).toThrow(/norm: axis 1 is out of range for a 1-d tensor/); // b is 1-D
    expect(Array.from(b.data())).toEqual([10]);
    expect(Array.from(a.data())).toEqual([3, 4]);
    noGrad(() => expect(() => maxNorm([a], 1, 'x' as never)).toThrow(/options must be an object/));
  });
});
