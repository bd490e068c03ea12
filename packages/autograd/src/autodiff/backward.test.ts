import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ones, zeros } from '../creation/fill.js';
import { DTypeError, GraphError } from '../errors.js';
import { enableGrad, isGradEnabled, noGrad } from './grad-mode.js';

const leaf = (v: number[] | number[][]) => tensor(v, { dtype: 'float64', requiresGrad: true });

describe('backward', () => {
  it('accumulates into leaves and adds on a second backward with retainGraph', () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    y.backward();
    expect(x.grad!.toArray()).toEqual([4, 8, 12]);
  });

  it('refuses a second backward through freed inputs, naming the op and retainGraph', () => {
    const x = leaf([1, 2]);
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(GraphError);
    expect(() => y.backward()).toThrow(/'sum'.*retainGraph: true/);
  });

  it('needs a seed for non-scalar outputs and checks its shape', () => {
    const x = leaf([[1, 2, 3], [4, 5, 6]]);
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(/output has shape \[2,3\]; pass a seed gradient of that shape or reduce to a scalar/);
    expect(() => y.backward(ones([3, 2]))).toThrow(/seed gradient has shape \[3,2\] but the output has shape \[2,3\]/);
    y.backward(tensor([[1, 0, 0], [0, 0, 1]], { dtype: 'float64' }));
    expect(x.grad!.toArray()).toEqual([[2, 0, 0], [0, 0, 2]]);
  });

  it('throws on a tensor that is not part of a graph', () => {
    expect(() => tensor([1, 2]).sum().backward()).toThrow(/does not require grad \(no input requires grad/);
  });

  it('names the op without a gradient that cuts the path; the same op off the path is fine', () => {
    const x = leaf([1, -2, 3]);
    expect(() => x.gt(0).astype('float64').mul(2).sum().backward()).toThrow(/'compare' lies on the path to the inputs and has no gradient/);
    expect(() => x.argmax().astype('float64').sum().backward()).toThrow(/'argReduce' lies on the path/);
    expect(() => x.astype('int32').astype('float64').sum().backward()).toThrow(/'cast' lies on the path/);
    const mask = x.gt(0).astype('float64');
    x.mul(mask).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 0, 1]);
  });

  it('sums the gradient of a node used many times exactly once per use (fan-out 1e5)', () => {
    const x = leaf([0.5]);
    let acc = x.mul(0);
    const sq = x.mul(x);
    for (let i = 0; i < 100_000; i++) acc = acc.add(sq);
    acc.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(100_000 * 2 * 0.5, 6);
  });

  it('walks a 1,000,000-op chain without RangeError and gets the exact gradient', () => {
    const x = tensor([2], { dtype: 'float64', requiresGrad: true });
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.add(1);
    y.sum().backward();
    expect(y.item()).toBe(1_000_002);
    expect(x.grad!.item()).toBe(1);
  }, 120_000);

  it('keeps gradients of non-leaves only after retainGrad', () => {
    const x = leaf([1, 2]);
    const h = x.mul(3).retainGrad();
    const k = h.mul(1);
    k.mul(h).sum().backward();
    expect(h.grad!.toArray()).toEqual([6, 12]);
    expect(k.grad).toBeNull();
  });

  it('gives zero-size gradients for zero-size inputs', () => {
    const x = zeros([0, 3], { dtype: 'float64', requiresGrad: true });
    const s = x.sum();
    expect(s.item()).toBe(0);
    s.backward();
    expect(x.grad!.shape).toEqual([0, 3]);
  });
});

describe('grad mode', () => {
  it('noGrad records nothing, enableGrad re-enables, nesting restores state even on throw', () => {
    const x = leaf([1]);
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(noGrad(() => enableGrad(() => x.mul(2))).requiresGrad).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('detach cuts the graph', () => {
    const x = leaf([3]);
    const y = x.detach().mul(x).sum();
    y.backward();
    expect(x.grad!.item()).toBe(3);
  });

  it('int32 tensors cannot require grad', () => {
    expect(() => tensor([1, 2], { dtype: 'int32' }).setRequiresGrad()).toThrow(DTypeError);
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(/int32 tensors cannot require grad/);
  });
});

describe('hooks', () => {
  it('run in registration order, may replace the gradient, and removal twice is a no-op', () => {
    const x = leaf([1, 2]);
    const seen: string[] = [];
    const h1 = x.registerHook((g) => {
      seen.push('first');
      return g.mul(10);
    });
    x.registerHook(() => {
      seen.push('second');
    });
    x.mul(x).sum().backward();
    expect(seen).toEqual(['first', 'second']);
    expect(x.grad!.toArray()).toEqual([20, 40]);
    h1.remove();
    h1.remove();
    x.zeroGrad();
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });

  it('a hook returning a wrong shape is an error', () => {
    const x = leaf([1, 2]);
    x.registerHook(() => ones([3], { dtype: 'float64' }));
    expect(() => x.sum().backward()).toThrow(/hook returned a gradient of shape \[3\] for a tensor of shape \[2\]/);
  });
});

describe('in-place writes', () => {
  it('refuse leaves that require grad outside noGrad', () => {
    const x = leaf([1, 2]);
    expect(() => x.mutate((d) => d.fill(0))).toThrow(/requires grad; wrap it in noGrad/);
    expect(x.toArray()).toEqual([1, 2]);
  });

  it('make backward fail when a saved input changed after forward', () => {
    const x = leaf([1, 2]);
    const y = x.mul(x).sum();
    noGrad(() => x.mutate((d) => d.fill(5)));
    expect(() => y.backward()).toThrow(/input 0 of 'mul' \(shape \[2\]\) was modified in place.*saved version 0, current version 1/);
  });

  it('write through a view into its base, as PyTorch (issue 20 item 3)', () => {
    const base = tensor([[1, 2], [3, 4]]);
    const t = base.transpose();
    t.mutate((d) => (d[1] = 9));
    expect(t.toArray()).toEqual([[1, 9], [2, 4]]);
    expect(base.toArray()).toEqual([[1, 2], [9, 4]]);
  });
});
