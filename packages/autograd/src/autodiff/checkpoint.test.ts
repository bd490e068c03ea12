import { describe, expect, it } from 'vitest';
import { rand, randn } from '../creation/random.js';
import { tensor } from '../creation/tensor.js';
import { GraphError, ValueError } from '../errors.js';
import { Generator, manualSeed } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkpoint } from './checkpoint.js';
import { gradients } from './gradients.js';
import { isGradEnabled } from './grad-mode.js';
import { inferenceMode } from './inference-mode.js';

/** Distinct non-leaf tensors saved by the recorded graph below `root` (the activations kept for backward). */
function savedActivations(root: Tensor): number {
  const seen = new Set<Tensor>();
  const stack = [root];
  const visited = new Set<Tensor>([root]);
  while (stack.length > 0) {
    const t = stack.pop()!;
    for (const x of t._node?.inputs ?? []) {
      if (x._node !== null) seen.add(x);
      if (!visited.has(x)) { visited.add(x); stack.push(x); }
    }
  }
  return seen.size;
}

const LAYERS = 32;
const SEGMENT = 4;
function mlp(gen: Generator) {
  const ws = Array.from({ length: LAYERS }, () => randn([8, 8], { dtype: 'float64', generator: gen }).mul(0.4).detach().setRequiresGrad());
  const bs = Array.from({ length: LAYERS }, () => randn([8], { dtype: 'float64', generator: gen }).mul(0.1).detach().setRequiresGrad());
  const layer = (h: Tensor, i: number) => h.matmul(ws[i]!).add(bs[i]!).tanh();
  return { params: [...ws, ...bs], layer };
}

describe('checkpoint', () => {
  it('gives the same gradients as the plain network, for inputs and captured parameters', () => {
    const { params, layer } = mlp(new Generator(1));
    const x = randn([5, 8], { dtype: 'float64', generator: new Generator(2) }).setRequiresGrad();
    const plain = (): Tensor => {
      let h = x;
      for (let i = 0; i < LAYERS; i++) h = layer(h, i);
      return h.square().sum();
    };
    const segmented = (): Tensor => {
      let h = x;
      for (let s = 0; s < LAYERS; s += SEGMENT) {
        h = checkpoint((u) => { let v = u; for (let i = s; i < s + SEGMENT; i++) v = layer(v, i); return v; }, h);
      }
      return h.square().sum();
    };
    const a = gradients(plain(), [x, ...params]);
    const b = gradients(segmented(), [x, ...params]);
    a.forEach((g, i) => expect(Array.from(b[i]!.data())).toEqual(Array.from(g.data())));
  });

  it('keeps under 1/8 of the activations until backward (32 layers, segments of 4) and about 1/6 at the peak', () => {
    const { layer } = mlp(new Generator(3));
    const x = randn([5, 8], { dtype: 'float64', generator: new Generator(4) }).setRequiresGrad();
    let h = x;
    for (let i = 0; i < LAYERS; i++) h = layer(h, i);
    const plain = savedActivations(h.square().sum());
    // Each recomputation (in backward) measures its own graph: what is alive besides the outer graph.
    let segmentPeak = 0;
    const seg = (s: number) => (u: Tensor) => {
      let v = u;
      for (let i = s; i < s + SEGMENT; i++) v = layer(v, i);
      if (isGradEnabled()) segmentPeak = Math.max(segmentPeak, savedActivations(v) + 1);
      return v;
    };
    let c = x;
    for (let s = 0; s < LAYERS; s += SEGMENT) c = checkpoint(seg(s), c);
    const loss = c.square().sum();
    const kept = savedActivations(loss);
    loss.backward();
    expect(kept).toBeLessThanOrEqual(plain / 8);
    expect(kept + segmentPeak).toBeLessThanOrEqual(plain / 5);
    expect(x.grad).not.toBeNull();
    // Measured: plain 225 saved activations; checkpointed 9 kept until backward (1/25), 9 + 28 at the peak (1/6).
    expect([plain, kept, segmentPeak]).toEqual([225, 9, 28]);
  });

  it('supports higher order (createGraph) and inputs that do not require grad', () => {
    const x = tensor([0.3, -0.7], { dtype: 'float64', requiresGrad: true });
    const c = tensor([2, 3], { dtype: 'float64' });
    const f = (u: Tensor, k: Tensor) => u.pow(3).mul(k).sum();
    const [g1] = gradients(checkpoint(f, x, c), [x], { createGraph: true });
    const [g2] = gradients(g1!.sum(), [x]);
    // d/dx sum(k x^3) = 3 k x^2, and d/dx of its sum = 6 k x
    Array.from(g1!.data()).forEach((v, i) => expect(v).toBeCloseTo([3 * 0.09 * 2, 3 * 0.49 * 3][i]!, 14));
    Array.from(g2!.data()).forEach((v, i) => expect(v).toBeCloseTo([6 * 0.3 * 2, 6 * -0.7 * 3][i]!, 14));
    const twice = tensor([1.5], { dtype: 'float64', requiresGrad: true });
    const [gt] = gradients(checkpoint((a, b) => a.mul(b), twice, twice), [twice]);
    expect(gt!.item()).toBe(3); // d(x * x) = 2x, counted once per use
  });

  it('refuses a non-function, non-tensor inputs and a non-tensor result, naming what it got', () => {
    const x = tensor([1], { requiresGrad: true });
    expect(() => checkpoint(3 as never, x)).toThrow(new ValueError('checkpoint: fn must be a function, got number 3'));
    expect(() => checkpoint((u) => u, [1] as never)).toThrow(/checkpoint: input 0 must be a Tensor, got/);
    expect(() => checkpoint(() => 5 as never, x)).toThrow(/checkpoint: fn must return a Tensor, got number 5/);
  });
});

describe('inferenceMode', () => {
  it('records no graph, and its tensors can never require grad afterwards (views neither); a clone can', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = inferenceMode(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(() => y.setRequiresGrad()).toThrow(GraphError);
    expect(() => y.setRequiresGrad()).toThrow(/setRequiresGrad: this tensor of shape \[2\] was created inside inferenceMode and can never require grad/);
    expect(() => y.detach().setRequiresGrad()).toThrow(GraphError);
    expect(y.clone().setRequiresGrad().requiresGrad).toBe(true);
    expect(Array.from(y.data())).toEqual([2, 4]);
  });

  it('restores the mode after an exception and refuses async functions', () => {
    expect(() => inferenceMode(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(tensor([1]).setRequiresGrad().requiresGrad).toBe(true);
    expect(() => inferenceMode((async () => 1) as never)).toThrow(ValueError);
  });
});

describe('checkpoint and randomness', () => {
  it('replays the global generator, so a dropout-like mask is the same when recomputed', () => {
    const run = (wrap: boolean) => {
      manualSeed(7);
      const x = tensor([0.5, -1, 2, 0.25, 3, -0.5], { dtype: 'float64', requiresGrad: true });
      const f = (u: Tensor) => u.mul(rand(u.shape, { dtype: 'float64' }).gt(0.5)).tanh().mul(u);
      const y = wrap ? checkpoint(f, x) : f(x);
      const after = rand([1]).item(); // the stream continues from the same place either way
      y.sum().backward();
      return [Array.from(x.grad!.data()), Array.from(y.data()), after, rand([1]).item()];
    };
    expect(run(true)).toEqual(run(false));
  });

  it('Generator getState / setState round-trip and refuse a malformed state', () => {
    const g = new Generator(3);
    g.normal();
    const s = g.getState();
    const a = [g.uniform(), g.normal(), g.normal()];
    g.setState(s);
    expect([g.uniform(), g.normal(), g.normal()]).toEqual(a);
    expect(() => g.setState([1, 2] as never)).toThrow(ValueError);
  });
});
