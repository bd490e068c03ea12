import { describe, expect, it } from 'vitest';
import { Generator, noGrad, tensor } from '@nabla/autograd';
import * as init from './init.js';
import { Linear } from './layers/linear.js';

describe('initialisers write through views (issue 20 item 3)', () => {
  it('init.zeros on a row slice of a weight zeroes that row of the weight', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    noGrad(() => init.zeros(w.slice([[0, 1]])));
    expect(w.toArray()).toEqual([[0, 0], [3, 4]]);
  });

  it('init.normal on a transposed Linear weight fills the weight itself', () => {
    const layer = new Linear(3, 2, { generator: new Generator(0) });
    const before = layer.weight.data();
    noGrad(() => init.constant(layer.weight.transpose(), 7));
    expect(Array.from(layer.weight.data())).toEqual(Array.from(before, () => 7));
    noGrad(() => init.normal(layer.weight.transpose(), { generator: new Generator(1) }));
    const expected = init.normal(tensor([[0, 0], [0, 0], [0, 0]]), { generator: new Generator(1) }).transpose().data();
    expect(Array.from(layer.weight.data())).toEqual(Array.from(expected));
  });
});
