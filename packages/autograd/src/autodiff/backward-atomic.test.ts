import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { tensor } from '../creation/tensor.js';
import { ones } from '../creation/fill.js';
import { GraphError, ValueError } from '../errors.js';
import { noGrad } from './grad-mode.js';
import { defineOp } from './custom-op.js';
import { gradients } from './gradients.js';
import type { Tensor } from '../tensor/tensor.js';

const leaf = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });

describe('backward is all-or-nothing (issue 20 item 1)', () => {
  it('a modified saved tensor: no leaf .grad is written, and a retry after fixing counts once', () => {
    const w = leaf([1, 2]);
    const a = leaf([3, 4]);
    const b = tensor([5, 6], { dtype: 'float64' });
    const y = w.mul(b).sum().add(a.sum());
    noGrad(() => b.mutate((d) => (d[0] = 7)));
    const before = snapshot(w, a, b);
    expect(() => y.backward()).toThrow(GraphError);
    expect(() => y.backward()).toThrow(/input 1 of 'mul' \(shape \[2\]\) was modified in place/);
    expect(snapshot(w, a, b)).toEqual(before);
    expect(a.grad).toBeNull();
    // The graph was not freed by the failed sweep: a fresh forward works, and gradients count once.
    w.mul(b).sum().add(a.sum()).backward();
    expect(a.grad!.toArray()).toEqual([1, 1]);
    expect(w.grad!.toArray()).toEqual([7, 6]);
  });

  it('a hook returning the wrong shape leaves every .grad unchanged, including earlier gradients', () => {
    const x = leaf([1, 2]);
    const z = leaf([3]);
    x.grad = tensor([10, 20], { dtype: 'float64' });
    const h = x.mul(2);
    h.registerHook(() => ones([3], { dtype: 'float64' }));
    const before = snapshot(x, z);
    expect(() => h.sum().add(z.sum()).backward()).toThrow(/a hook returned a gradient of shape \[3\] for a tensor of shape \[2\]/);
    expect(snapshot(x, z)).toEqual(before);
  });

  it("a custom op's bad gradient: nothing accumulates, and the graph can be retried with retainGraph", () => {
    let bad = true;
    const op = defineOp({
      name: 'flaky',
      forward: (x) => x.mul(3),
      vjp: (g) => [bad ? ones([5], { dtype: 'float64' }) : g.mul(3)],
    });
    const x = leaf([1, 2]);
    const a = leaf([1]);
    const y = op(x).sum().add(a.sum());
    const before = snapshot(x, a);
    expect(() => y.backward(undefined, { retainGraph: true })).toThrow(/flaky: vjp returned a gradient of shape \[5\] for input 0 of shape \[2\]/);
    expect(snapshot(x, a)).toEqual(before);
    bad = false;
    y.backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
    expect(a.grad!.toArray()).toEqual([1]);
  });
});

describe('plain-JS misuse of backward and gradients (issue 20 item 6)', () => {
  const cases: [string, (x: Tensor) => void, RegExp][] = [
    ['backward([1, 1])', (x) => x.mul(2).backward([1, 1] as never), /backward: the seed gradient must be a Tensor of the output's shape \[2\] \(or omitted\), got an array of length 2/],
    ["backward('seed')", (x) => x.sum().backward('seed' as never), /backward: the seed gradient must be a Tensor of the output's shape \[\].*got the string "seed"/],
    ['backward options not an object', (x) => x.sum().backward(undefined, 5 as never), /backward: options must be an object, got number 5/],
    ['hook returning a number', (x) => { const h = x.mul(1); h.registerHook(() => 3 as never); h.sum().backward(); }, /backward: a hook on a tensor of shape \[2\] returned number 3; a hook must return a Tensor/],
    ['hook returning a Promise', (x) => { const h = x.mul(1); h.registerHook((async () => undefined) as never); h.sum().backward(); }, /backward: a hook on a tensor of shape \[2\] returned an object \(Promise\).*cannot be async/],
    ['.grad set to a string', (x) => { x.grad = 'abc' as never; x.sum().backward(); }, /backward: \.grad of a tensor of shape \[2\] is the string "abc"/],
    ['gradients(y, [{}])', (x) => gradients(x.sum(), [{}] as never), /gradients: input 0 must be a Tensor, got an object \(Object\)/],
    ['gradients(y, x)', (x) => gradients(x.sum(), x as never), /gradients: inputs must be an array of Tensors, got an object \(Tensor\)/],
    ['gradients(3, [x])', (x) => gradients(3 as never, [x]), /gradients: output must be a Tensor, got number 3/],
    ["gradients seed 'x'", (x) => gradients(x.mul(2), [x], { seed: 'x' as never }), /gradients: the seed gradient must be a Tensor of the output's shape \[2\]/],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      const x = leaf([1, 2]);
      const other = leaf([5]);
      other.grad = tensor([9], { dtype: 'float64' });
      const before = snapshot(other);
      let thrown: unknown;
      try {
        run(x);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValueError);
      expect((thrown as Error).message).toMatch(message);
      expect(snapshot(other)).toEqual(before);
      if (name !== '.grad set to a string') expect(x.grad).toBeNull();
    });
  }
});
