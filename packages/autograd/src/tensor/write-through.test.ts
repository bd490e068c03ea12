import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { arange } from '../creation/ranges.js';
import { tensor } from '../creation/tensor.js';
import { GraphError, ValueError } from '../errors.js';
import { noGrad } from '../autodiff/grad-mode.js';

const grid = () => arange(0, 12, 1, { dtype: 'float64' }).reshape([3, 4]);

describe('mutate writes through views, as PyTorch (issue 20 item 3)', () => {
  it('a row slice (dense view at an offset) writes into its base', () => {
    const w = grid();
    w.slice([[1, 2]]).mutate((d) => d.fill(-1));
    expect(w.toArray()).toEqual([[0, 1, 2, 3], [-1, -1, -1, -1], [8, 9, 10, 11]]);
  });

  it('a stepped column slice writes the right elements, seeing them in row-major order', () => {
    const w = grid();
    const seen: number[] = [];
    w.slice([undefined as never, [0, 4, 2]]).mutate((d) => {
      seen.push(...d);
      for (let i = 0; i < d.length; i++) d[i] = 100 + i;
    });
    expect(seen).toEqual([0, 2, 4, 6, 8, 10]);
    expect(w.toArray()).toEqual([[100, 1, 101, 3], [102, 5, 103, 7], [104, 9, 105, 11]]);
  });

  it('a transpose writes through (element [i][j] of the view is [j][i] of the base), and bumps the shared version', () => {
    const x = grid();
    const y = tensor([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], { dtype: 'float64', requiresGrad: true });
    const loss = y.mul(x).sum();
    x.transpose().mutate((d) => {
      d[1] = 42; // view [0][1] = base [1][0]
    });
    expect(x.toArray()).toEqual([[0, 1, 2, 3], [42, 5, 6, 7], [8, 9, 10, 11]]);
    // The base was saved by mul: the write through its view must make backward refuse.
    expect(() => loss.backward()).toThrow(/input 1 of 'mul' \(shape \[3,4\]\) was modified in place/);
  });

  it('a permuted 3-d view of a leaf that requires grad writes through under noGrad', () => {
    const w = arange(0, 24, 1, { dtype: 'float64' }).reshape([2, 3, 4]).detach().setRequiresGrad();
    noGrad(() => w.permute(2, 0, 1).slice([[1, 2]]).mutate((d) => d.fill(0)));
    const flat = w.data();
    for (let i = 0; i < 24; i++) expect(flat[i]).toBe(i % 4 === 1 ? 0 : i);
  });

  it('a 0-d select of a strided view writes one element', () => {
    const w = grid();
    w.transpose().slice([[3, 4], [2, 3]]).reshape([]).mutate((d) => (d[0] = -5));
    expect(w.toArray()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, -5]]);
  });

  it('an expanded view is refused with a ValueError naming the shape and axis; nothing changes', () => {
    const base = tensor([1, 2, 3], { dtype: 'float64' });
    const view = base.expand([2, 3]);
    const before = snapshot(base, view);
    let thrown: unknown;
    try {
      view.mutate((d) => d.fill(0));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValueError);
    expect((thrown as Error).message).toMatch(/mutate: cannot write through a view of shape \[2,3\] whose axis 0 is broadcast/);
    expect(snapshot(base, view)).toEqual(before);
  });

  it('a view of a leaf that requires grad is still refused while grad mode records it', () => {
    const w = grid().setRequiresGrad();
    const before = snapshot(w);
    expect(() => w.transpose().mutate((d) => d.fill(0))).toThrow(GraphError);
    expect(() => w.transpose().mutate((d) => d.fill(0))).toThrow(/mutate: in-place write to a non-leaf made by permute/);
    expect(snapshot(w)).toEqual(before);
  });
});
