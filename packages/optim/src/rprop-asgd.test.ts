import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValueError, tensor, type Tensor } from '@nabla/autograd';
import { ASGD, type ASGDOptions } from './asgd.js';
import { closeTo, parseFixture } from './fixtures/torch.js';
import type { Optimizer } from './optimizer.js';
import { Rprop, type RpropOptions } from './rprop.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

const TORCH = parseFixture(readFileSync(new URL('./fixtures/torch-wave2.json', import.meta.url), 'utf8'));

// Reference: PyTorch's Rprop algorithm box (docs) with plain numbers, including "g ← 0 on a sign change".
function rpropRef(o: RpropOptions) {
  const { lr = 1e-2, etas = [0.5, 1.2], stepSizes = [1e-6, 50], maximize = false } = o;
  const prev = [0, 0, 0];
  const eta = [lr, lr, lr];
  return (p: number[], g: number[]) => {
    for (let i = 0; i < p.length; i++) {
      let gi = maximize ? -g[i]! : g[i]!;
      if (gi * prev[i]! > 0) eta[i] = Math.min(eta[i]! * etas[1], stepSizes[1]);
      else if (gi * prev[i]! < 0) {
        eta[i] = Math.max(eta[i]! * etas[0], stepSizes[0]);
        gi = 0;
      }
      p[i] = p[i]! - eta[i]! * Math.sign(gi);
      prev[i] = gi;
    }
  };
}

// Reference: PyTorch's ASGD algorithm box (docs) with plain numbers.
function asgdRef(o: ASGDOptions) {
  const { lr = 1e-2, lambd = 1e-4, alpha = 0.75, t0 = 1e6, weightDecay = 0, maximize = false } = o;
  let eta = lr;
  let mu = 1;
  const ax = [0, 0, 0];
  return (p: number[], g: number[], t: number) => {
    for (let i = 0; i < p.length; i++) {
      const gi = (maximize ? -g[i]! : g[i]!) + weightDecay * p[i]!;
      p[i] = p[i]! * (1 - lambd * eta) - eta * gi;
      ax[i] = mu === 1 ? p[i]! : ax[i]! + mu * (p[i]! - ax[i]!);
    }
    eta = lr / (1 + lambd * lr * t) ** alpha;
    mu = 1 / Math.max(1, t - t0);
  };
}

describe('Rprop', () => {
  const rows: [string, RpropOptions][] = [
    ['defaults', {}],
    ['lr and etas (sign flips)', { lr: 0.9, etas: [0.3, 1.5], stepSizes: [0.05, 1.1] }],
    ['maximize', { lr: 0.2, maximize: true }],
  ];
  it.each(rows)('%s: 12 steps against the algorithm box', (_n, o) => {
    expect(maxDiff(runQuadratic((ps) => new Rprop(ps, o), 12), runReference(rpropRef(o), 12))).toBeLessThan(1e-12);
  });
  it('matches PyTorch 1.13 (float64 fixture)', () => {
    closeTo(runQuadratic((ps) => new Rprop(ps), 12), TORCH.rprop.default, 1e-12);
    closeTo(runQuadratic((ps) => new Rprop(ps, { lr: 0.9, etas: [0.3, 1.5], stepSizes: [0.05, 1.1] }), 12), TORCH.rprop.custom, 1e-12);
    closeTo(runQuadratic((ps) => new Rprop(ps, { lr: 0.2, maximize: true }), 6), TORCH.rprop.maximize, 1e-12);
  });
  it('rejects bad etas and step sizes, naming the values', () => {
    const p = [tensor([1], { requiresGrad: true })];
    const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
    bad(() => new Rprop(p, { etas: [1.2, 0.5] }), 'Rprop: invalid eta values: 1.2, 0.5 (expected 0 < etaMinus < 1 < etaPlus)');
    bad(() => new Rprop(p, { etas: [0.5] as never }), 'Rprop: etas must be a pair [etaMinus, etaPlus], got an array of length 1');
    bad(() => new Rprop(p, { stepSizes: [1, 0.1] }), 'Rprop: invalid step sizes: 1, 0.1 (expected 0 <= min <= max, finite)');
    bad(() => new Rprop(p, { lr: -0.1 }), 'Rprop: invalid learning rate: -0.1 (expected a finite number >= 0)');
  });
});

describe('ASGD', () => {
  const custom: ASGDOptions = { lr: 0.05, lambd: 0.1, alpha: 0.5, t0: 3, weightDecay: 0.1 };
  const rows: [string, ASGDOptions][] = [['defaults', {}], ['averaging from t0 = 3, weight decay', custom], ['maximize', { lr: 0.05, maximize: true }]];
  it.each(rows)('%s: 10 steps against the algorithm box', (_n, o) => {
    expect(maxDiff(runQuadratic((ps) => new ASGD(ps, o), 10), runReference(asgdRef(o), 10))).toBeLessThan(1e-13);
  });
  it('matches PyTorch 1.13 (float64 fixture): iterates, the average ax, eta and mu', () => {
    closeTo(runQuadratic((ps) => new ASGD(ps), 6), TORCH.asgd.default, 1e-13);
    closeTo(runQuadratic((ps) => new ASGD(ps, { lr: 0.05, t0: 2, maximize: true }), 6), TORCH.asgd.maximize, 1e-13);
    const p = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
    const c = tensor([1, 0.5, 3], { dtype: 'float64' });
    const s = tensor([0.25, 0.5, -0.125], { dtype: 'float64' });
    const opt = new ASGD([p], custom);
    const traj: number[][] = [];
    for (let t = 0; t < 10; t++) {
      opt.zeroGrad();
      p.sub(s).square().mul(c).sum().backward();
      opt.step();
      traj.push(Array.from(p.data()));
    }
    closeTo(traj, TORCH.asgd.custom, 1e-13);
    const st = opt.state.get(p)!;
    closeTo(Array.from(st.buffers.ax!), TORCH.asgd.customAx, 1e-13);
    closeTo([st.scalars.eta, st.scalars.mu], [TORCH.asgd.customEta, TORCH.asgd.customMu], 1e-14);
  });
  it('rejects bad hyperparameters, naming the value', () => {
    const p = [tensor([1], { requiresGrad: true })];
    const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
    bad(() => new ASGD(p, { lambd: -1 }), 'ASGD: invalid lambd value: -1 (expected a finite number >= 0)');
    bad(() => new ASGD(p, { t0: NaN }), 'ASGD: invalid t0 value: NaN (expected a finite number >= 0)');
    bad(() => new ASGD(p, { alpha: Infinity }), 'ASGD: invalid alpha value: Infinity (expected a finite number)');
    bad(() => new ASGD(p, { weightDecay: -0.1 }), 'ASGD: invalid weightDecay value: -0.1 (expected a finite number >= 0)');
  });
});

describe('Rprop and ASGD: a JSON state-dict round trip continues the trajectory bit for bit', () => {
  const make: [string, (ps: Tensor[]) => Optimizer][] = [
    ['Rprop', (ps) => new Rprop(ps, { lr: 0.9, etas: [0.3, 1.5] })],
    ['ASGD', (ps) => new ASGD(ps, { lr: 0.05, lambd: 0.1, t0: 1 })],
  ];
  it.each(make)('%s', (_n, mk) => {
    const full = runQuadratic(mk, 6);
    const p = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
    const c = tensor([1, 0.5, 3], { dtype: 'float64' });
    const s = tensor([0.25, 0.5, -0.125], { dtype: 'float64' });
    const stepOn = (opt: Optimizer) => {
      opt.zeroGrad();
      p.sub(s).square().mul(c).sum().backward();
      opt.step();
    };
    const first = mk([p]);
    for (let t = 0; t < 3; t++) stepOn(first);
    const second = mk([p]);
    second.loadStateDict(JSON.parse(JSON.stringify(first.stateDict())));
    for (let t = 0; t < 3; t++) stepOn(second);
    expect(Array.from(p.data())).toEqual(full[5]);
  });
});
