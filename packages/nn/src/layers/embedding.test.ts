import { DTypeError, Generator, ValueError, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { embedding } from '../functional/embedding.js';
import { Embedding } from './embedding.js';

const idx = (data: number[] | number[][]) => tensor(data, { dtype: 'int32' });

describe('Embedding', () => {
  it('looks up rows for indices of any shape', () => {
    const emb = new Embedding(4, 2);
    emb.loadStateDict({ weight: tensor([[0, 1], [2, 3], [4, 5], [6, 7]]) });
    expect(emb.forward(idx([[3, 0], [1, 1]])).toArray()).toEqual([[[6, 7], [0, 1]], [[2, 3], [2, 3]]]);
    expect(emb.forward(idx([2])).shape).toEqual([1, 2]);
  });

  it('initialises N(0, 1) with the padding row at zero', () => {
    const emb = new Embedding(200, 100, { paddingIdx: -1, generator: new Generator(0) });
    expect(emb.paddingIdx).toBe(199);
    const w = Array.from(emb.weight.data());
    expect(w.slice(199 * 100).every((v) => v === 0)).toBe(true);
    const body = w.slice(0, 199 * 100);
    const mean = body.reduce((a, v) => a + v, 0) / body.length;
    const variance = body.reduce((a, v) => a + (v - mean) ** 2, 0) / body.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('sends no gradient to the padding row, and adds up gradients of repeated indices', () => {
    const emb = new Embedding(3, 2, { paddingIdx: 0 });
    emb.loadStateDict({ weight: tensor([[5, 5], [1, 2], [3, 4]]) });
    const out = emb.forward(idx([0, 1, 1, 0]));
    expect(out.toArray()).toEqual([[5, 5], [1, 2], [1, 2], [5, 5]]); // the padding row's value still shows, as PyTorch
    out.sum().backward();
    expect(emb.weight.grad!.toArray()).toEqual([[0, 0], [2, 2], [0, 0]]);
  });

  it('passes gradcheck w.r.t. the weight (the padding row deliberately has none, so it is left out here)', () => {
    const w = randn([5, 3], { dtype: 'float64', generator: new Generator(4) });
    expect(gradcheck((t) => embedding(idx([[1, 4], [4, 2]]), t!), [w])).toBe(true);
    expect(gradcheck((t) => embedding(idx([[1, 4], [4, 1]]), t!, { paddingIdx: 2 }), [w])).toBe(true);
  });

  it('fromPretrained copies the weights and freezes them by default', () => {
    const w = tensor([[1, 2], [3, 4]]);
    const e = Embedding.fromPretrained(w);
    expect(e.weight.requiresGrad).toBe(false);
    expect(e.weight.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(e.weight._storage).not.toBe(w._storage);
    expect(Embedding.fromPretrained(w, { freeze: false }).weight.requiresGrad).toBe(true);
  });

  it('rejects out-of-range or non-int32 indices naming the value and position, and bad options', () => {
    const emb = new Embedding(3, 2);
    expect(() => emb.forward(idx([0, 3]))).toThrow('embedding: index 3 at flat position 1 of indices [2] is out of range; valid: [0, 2]');
    expect(() => emb.forward(idx([-1]))).toThrow(/index -1/);
    expect(() => emb.forward(tensor([0, 1]))).toThrow(DTypeError);
    expect(() => emb.forward(tensor([0, 1]))).toThrow('embedding: indices must be int32, got float32 of shape [2]');
    expect(() => new Embedding(3, 2, { paddingIdx: 3 })).toThrow('Embedding: paddingIdx must be an integer in [-3, 2], got number 3');
    expect(() => new Embedding(0.5, 2)).toThrow(ValueError);
    expect(() => embedding(idx([0]), zeros([3]) as Tensor)).toThrow(/weight must be 2-D/);
  });
});
