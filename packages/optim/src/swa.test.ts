import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShapeError, Tensor, ValueError, noGrad, tensor, zeros } from '@nabla/autograd';
import { deepCopy } from './deep-copy.js';
import { closeTo, parseFixture } from './fixtures/torch.js';
import { AveragedModel } from './swa.js';
import { getEmaAvgFn, getEmaMultiAvgFn, getSwaAvgFn, getSwaMultiAvgFn } from './swa-avg-fns.js';
import { updateBn } from './update-bn.js';

const TORCH = parseFixture(readFileSync(new URL('./fixtures/torch-wave2.json', import.meta.url), 'utf8'));
const f64 = (xs: number[], shape: number[], requiresGrad = false) => tensor(xs, { dtype: 'float64', requiresGrad }).reshape(shape);

// A structural stand-in for nn's Linear(3, 2) → BatchNorm1d(2), with PyTorch's batch-norm semantics (so the
// PyTorch fixture applies): batch statistics in training, the unbiased variance in the running average.
class FakeLinear {
  training = true;
  weight = f64([0, 0, 0, 0, 0, 0], [2, 3], true).detach().setRequiresGrad();
  bias = f64([0, 0], [2], true).detach().setRequiresGrad();
  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.transpose()).add(this.bias);
  }
}
class FakeBatchNorm {
  training = true;
  momentum: number | null = 0.1;
  weight = f64([1, 1], [2]).setRequiresGrad();
  bias = f64([0, 0], [2]).setRequiresGrad();
  runningMean = f64([0, 0], [2]);
  runningVar = f64([1, 1], [2]);
  numBatchesTracked = zeros([], { dtype: 'int32' });
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean.mutate((d) => d.fill(0));
      this.runningVar.mutate((d) => d.fill(1));
      this.numBatchesTracked.mutate((d) => d.fill(0));
    });
  }
  forward(x: Tensor): Tensor {
    if (!this.training) return x.sub(this.runningMean).div(this.runningVar.add(1e-5).sqrt()).mul(this.weight).add(this.bias);
    const n = x.shape[0]!;
    const mean = x.mean(0);
    const varB = x.sub(mean).square().mean(0);
    noGrad(() => {
      this.numBatchesTracked.mutate((d) => (d[0] = d[0]! + 1));
      const f = this.momentum ?? 1 / this.numBatchesTracked.item();
      const [m, v] = [mean.data(), varB.data()];
      this.runningMean.mutate((d) => d.forEach((r, i) => (d[i] = (1 - f) * r + f * m[i]!)));
      this.runningVar.mutate((d) => d.forEach((r, i) => (d[i] = (1 - f) * r + (f * v[i]! * n) / (n - 1))));
    });
    return x.sub(mean).div(varB.add(1e-5).sqrt()).mul(this.weight).add(this.bias);
  }
}
class Net {
  training = true;
  fc = new FakeLinear();
  bn = new FakeBatchNorm();
  parameters(): Tensor[] {
    return [this.fc.weight, this.fc.bias, this.bn.weight, this.bn.bias];
  }
  namedBuffers(): [string, Tensor][] {
    return [['bn.running_mean', this.bn.runningMean], ['bn.running_var', this.bn.runningVar], ['bn.num_batches_tracked', this.bn.numBatchesTracked]];
  }
  modules(): unknown[] {
    return [this, this.fc, this.bn];
  }
  train(mode = true): this {
    for (const m of [this, this.fc, this.bn]) m.training = mode;
    return this;
  }
  forward(x: Tensor): Tensor {
    return this.bn.forward(this.fc.forward(x));
  }
  stateDict(): Record<string, Tensor> {
    const names = ['fc.weight', 'fc.bias', 'bn.weight', 'bn.bias'];
    return { ...Object.fromEntries(this.parameters().map((p, i) => [names[i]!, p])), ...Object.fromEntries(this.namedBuffers()) };
  }
  /** Like Module.loadStateDict: every key and shape is checked before anything is written. */
  loadStateDict(sd: Record<string, unknown>): void {
    const mine = Object.entries(this.stateDict());
    const keys = Object.keys(sd);
    if (keys.length !== mine.length || mine.some(([k, t]) => !(sd[k] instanceof Tensor) || !(sd[k] as Tensor).sameShape(t))) {
      throw new ValueError(`Net.loadStateDict: keys or shapes differ (got ${keys.join(', ')})`);
    }
    noGrad(() => mine.forEach(([k, t]) => t.mutate((d) => d.set((sd[k] as Tensor).data()))));
  }
}
/** The fixture's deterministic weights for "epoch" k. */
function setParams(net: Net, k: number): void {
  noGrad(() => {
    net.parameters().forEach((p, i) => p.mutate((d) => d.forEach((_, j) => (d[j] = Math.sin(k + 0.7 * i + 0.3 * j)))));
    net.bn.runningMean.mutate((d) => d.set([0.1 * k, -0.2 * k]));
    net.bn.runningVar.mutate((d) => d.set([1 + 0.5 * k, 2 - 0.1 * k]));
    net.bn.numBatchesTracked.mutate((d) => (d[0] = 3 * k + 1));
  });
}
const flat = (sd: Record<string, Tensor>) => Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, Array.from(v.data())]));

describe('AveragedModel against PyTorch 1.13 (float64 fixture)', () => {
  it('SWA: equal-weight average of four updates, buffers copied from the model', () => {
    const net = new Net();
    setParams(net, 0);
    const swa = new AveragedModel(net);
    for (let k = 1; k <= 4; k++) {
      setParams(net, k);
      swa.updateParameters(net);
    }
    const want = TORCH.swa.swa;
    const got = flat(swa.stateDict());
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const k of Object.keys(want).filter((k) => !k.startsWith('module.bn.running') && !k.endsWith('num_batches_tracked'))) closeTo(got[k], want[k], 1e-14, k);
    // Current PyTorch (2.x) keeps the buffers in sync with the model when useBuffers is false; 1.13, which made
    // the fixture, left them as copied at construction. We follow the current behaviour.
    expect([got['module.bn.running_mean'], got['module.bn.running_var'], got['module.bn.num_batches_tracked']]).toEqual([[0.4, -0.8], [3, 1.6], [13]]);
  });

  it('EMA with useBuffers: the buffers (the int32 batch count too) are averaged', () => {
    const net = new Net();
    setParams(net, 0);
    const ema = new AveragedModel(net, { avgFn: (a, c) => a.mul(0.9).add(c.mul(0.1)), useBuffers: true });
    for (let k = 1; k <= 4; k++) {
      setParams(net, k);
      ema.updateParameters(net);
    }
    const want = TORCH.swa.emaBuffers;
    const got = flat(ema.stateDict());
    for (const k of Object.keys(want)) closeTo(got[k], want[k], 1e-14, k);
  });

  it('updateBn: recomputes the running statistics as a cumulative average and restores momentum and mode', () => {
    const net = new Net();
    setParams(net, 2);
    net.bn.momentum = 0.3;
    const batches = TORCH.updateBn.inputs.map((x) => [tensor(x, { dtype: 'float64' }), 0]);
    updateBn(batches, net);
    const got = flat(net.stateDict());
    for (const [k, v] of Object.entries(TORCH.updateBn.state)) closeTo(got[k], v, 1e-12, k);
    expect([net.bn.momentum, net.training]).toEqual([TORCH.updateBn.momentum, TORCH.updateBn.training]);
  });
});

describe('AveragedModel and the averaging functions', () => {
  it('the default average of n models is their arithmetic mean; the copy is independent', () => {
    const net = new Net();
    const swa = new AveragedModel(net);
    const seen: number[][] = [];
    for (let k = 0; k < 6; k++) {
      setParams(net, k * 0.37);
      seen.push(Array.from(net.fc.weight.data()));
      swa.updateParameters(net);
    }
    const mean = seen[0]!.map((_, j) => seen.reduce((s, w) => s + w[j]!, 0) / seen.length);
    closeTo(Array.from(swa.module.fc.weight.data()), mean, 1e-14);
    expect(swa.nAveraged).toBe(6);
    expect(swa.module.fc.weight).not.toBe(net.fc.weight);
    expect(swa.module.fc.weight.requiresGrad).toBe(true);
    expect(swa.module).toBeInstanceOf(Net);
  });

  it('getEmaMultiAvgFn, getSwaMultiAvgFn, getEmaAvgFn and getSwaAvgFn follow their formulas', () => {
    const [a, c] = [f64([1, -2, 4], [3]), f64([3, 2, 0], [3])];
    noGrad(() => getEmaMultiAvgFn(0.75)([a], [c], 5));
    closeTo(Array.from(a.data()), [1.5, -1, 3], 1e-15); // 0.75 a + 0.25 c
    noGrad(() => getSwaMultiAvgFn()([a], [c], 3));
    closeTo(Array.from(a.data()), [1.5 + 1.5 / 4, -1 + 3 / 4, 3 - 3 / 4], 1e-15); // a + (c − a)/(n + 1)
    closeTo(Array.from(getEmaAvgFn(0.5)(f64([2], [1]), f64([4], [1]), 9).data()), [3], 1e-15);
    closeTo(Array.from(getSwaAvgFn()(f64([2], [1]), f64([4], [1]), 1).data()), [3], 1e-15);
    const n = zeros([1], { dtype: 'int32' });
    noGrad(() => getEmaMultiAvgFn(0.5)([n], [tensor([7], { dtype: 'int32' })], 1));
    expect(n.toArray()).toEqual([3]); // 3.5 truncated, as PyTorch's copy_ into an integer tensor
  });

  it('an EMA via multiAvgFn tracks decay^k weighting', () => {
    const net = new Net();
    setParams(net, 0);
    const ema = new AveragedModel(net, { multiAvgFn: getEmaMultiAvgFn(0.5) });
    ema.updateParameters(net);
    setParams(net, 1);
    ema.updateParameters(net);
    const w0 = Math.sin(0);
    const w1 = Math.sin(1);
    closeTo(ema.module.fc.weight.data()[0], 0.5 * w0 + 0.5 * w1, 1e-15);
  });

  it('deepCopy keeps tied tensors tied and copies the storage', () => {
    const w = f64([1, 2], [2], true);
    const model = { a: w, b: [w], m: new Map([['w', w]]) };
    const c = deepCopy(model);
    expect(c.a).toBe(c.b[0]);
    expect(c.m.get('w')).toBe(c.a);
    expect(c.a).not.toBe(w);
    noGrad(() => c.a.mutate((d) => (d[0] = 9)));
    expect(w.toArray()).toEqual([1, 2]);
    expect(c.a.toArray()).toEqual([9, 2]);
  });
});

describe('AveragedModel state dicts', () => {
  it('round-trips through stateDict and loadStateDict with PyTorch\'s keys', () => {
    const net = new Net();
    const a = new AveragedModel(net);
    for (let k = 0; k < 3; k++) {
      setParams(net, k);
      a.updateParameters(net);
    }
    const b = new AveragedModel(new Net());
    b.loadStateDict(a.stateDict());
    expect(b.nAveraged).toBe(3);
    expect(flat(b.stateDict())).toEqual(flat(a.stateDict()));
  });
  it('rejects a bad n_averaged or a mismatched module entry and loads nothing', () => {
    const a = new AveragedModel(new Net());
    const before = flat(a.stateDict());
    const sd = new AveragedModel(new Net()).stateDict();
    expect(() => a.loadStateDict({ ...sd, n_averaged: tensor([1.5]) })).toThrow('AveragedModel.loadStateDict: n_averaged must be a one-element tensor holding an integer >= 0, got 1.5');
    expect(() => a.loadStateDict({ ...sd, n_averaged: undefined })).toThrow('n_averaged must be a one-element tensor holding an integer >= 0, got undefined');
    expect(() => a.loadStateDict({ ...sd, 'module.fc.bias': tensor([1, 2, 3]) })).toThrow(ValueError);
    expect(flat(a.stateDict())).toEqual(before);
  });
});

describe('AveragedModel and updateBn: bad inputs', () => {
  const bad = (fn: () => unknown, cls: typeof ValueError | typeof ShapeError, msg: string) =>
    expect(fn).toThrow(expect.objectContaining({ constructor: cls, message: expect.stringContaining(msg) }));
  it('rejects options and models of the wrong kind', () => {
    bad(() => new AveragedModel(new Net(), { use_buffers: true } as never), ValueError, "AveragedModel: unknown option 'use_buffers' (did you mean 'useBuffers'?); valid options are avgFn, multiAvgFn, useBuffers, copy");
    bad(() => new AveragedModel({} as never), ValueError, 'AveragedModel: model must be a model with parameters(), namedBuffers(), train() and forward() (a Module), got an object (Object)');
    bad(() => getEmaMultiAvgFn(1.5), ValueError, 'getEmaMultiAvgFn: invalid decay value 1.5; expected a value in [0, 1]');
  });
  it('a model of another shape, or an avgFn returning the wrong shape, changes nothing', () => {
    const net = new Net();
    const swa = new AveragedModel(net, { avgFn: (a) => a.sum() });
    swa.updateParameters(net);
    const before = flat(swa.stateDict());
    const other = new Net();
    other.fc.weight = f64([1, 2, 3], [1, 3], true);
    bad(() => swa.updateParameters(other), ShapeError, 'AveragedModel.updateParameters: parameters 0 has shape [1,3] in the model but [2,3] in the averaged model');
    bad(() => swa.updateParameters(net), ValueError, 'AveragedModel.updateParameters: avgFn must return a Tensor of shape [2,3], got a Tensor of shape []');
    expect(flat(swa.stateDict())).toEqual(before);
  });
  it('updateBn rejects a non-iterable loader and restores momentum and mode when forward throws', () => {
    const net = new Net().train(false);
    bad(() => updateBn(5 as never, net), ValueError, 'updateBn: loader must be an iterable of batches (a DataLoader or an array), got number 5');
    expect(() => updateBn([f64([1, 2], [1, 2])], net)).toThrow();
    expect([net.bn.momentum, net.training, net.bn.training]).toEqual([0.1, false, false]);
  });
});
