import { describe, expect, it } from 'vitest';
import { GraphError, ShapeError, Tensor, ValueError, tensor } from '@nabla/autograd';
import { Adadelta } from './adadelta.js';
import { ASGD } from './asgd.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { Adamax } from './adamax.js';
import { Lion } from './lion.js';
import { NAdam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { Rprop } from './rprop.js';
import { SGD } from './sgd.js';
import { runQuadratic } from './test-utils.js';

const leaf = (xs: number[]) => tensor(xs, { dtype: 'float64', requiresGrad: true });
const grad = (p: Tensor, xs: number[]) => (p.grad = tensor(xs, { dtype: 'float64' }));
type Make = (ps: Tensor[], o: Record<string, unknown>) => Optimizer;
const all: [string, Make][] = [
  ['SGD', (ps, o) => new SGD(ps, o)], ['Adagrad', (ps, o) => new Adagrad(ps, o)], ['RMSprop', (ps, o) => new RMSprop(ps, o)],
  ['Adadelta', (ps, o) => new Adadelta(ps, o)], ['Adam', (ps, o) => new Adam(ps, o)], ['AdamW', (ps, o) => new AdamW(ps, o)],
  ['Adamax', (ps, o) => new Adamax(ps, o)], ['NAdam', (ps, o) => new NAdam(ps, o)], ['RAdam', (ps, o) => new RAdam(ps, o)],
  ['Lion', (ps, o) => new Lion(ps, o)], ['Rprop', (ps, o) => new Rprop(ps, o)], ['ASGD', (ps, o) => new ASGD(ps, o)],
];

describe('Optimizer: parameter validation', () => {
  const bad = (fn: () => unknown, msg: RegExp) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: expect.stringMatching(msg) }));
  it('rejects an empty list, a bare Tensor and non-iterables', () => {
    bad(() => new Adam([]), /^Adam: optimizer got an empty parameter list$/);
    bad(() => new SGD(leaf([1, 2, 3]) as never), /SGD: .*got a single Tensor of shape \[3\]; wrap it in an array/);
    bad(() => new SGD(5 as never), /SGD: params must be an iterable .* got number 5/);
  });
  it('rejects non-Tensors and non-leaves', () => {
    bad(() => new SGD([leaf([1]), 'w' as never]), /SGD: param 1 of group 0 is not a Tensor: got the string "w"/);
    bad(() => new SGD([leaf([1, 2]).mul(2)]), /SGD: can't optimize a non-leaf Tensor \(param 0 of group 0, shape \[2\]\)/);
  });
  it.each(all)('%s accepts and skips a tensor that does not require grad (a frozen layer), as PyTorch does', (_name, make) => {
    const [a, frozen] = [leaf([1, 2]), tensor([3, 4], { dtype: 'float64' })];
    const opt = make([a, frozen], { lr: 0.1 });
    grad(a, [1, 1]);
    grad(frozen, [1, 1]); // a stale gradient from before it was frozen is ignored too
    opt.step();
    expect(frozen.toArray()).toEqual([3, 4]);
    expect(opt.state.has(frozen)).toBe(false);
    expect(a.toArray()).not.toEqual([1, 2]);
  });
  it('rejects duplicates inside a group and across groups', () => {
    const a = leaf([1]);
    const b = leaf([2]);
    bad(() => new SGD([a, b, a]), /SGD: param 2 of group 0 \(shape \[1\]\) appears twice in the group \(also param 0 of group 0\)/);
    bad(() => new SGD([{ params: [a] }, { params: [b, a] }]), /SGD: some parameters appear in more than one parameter group \(param 1 of group 1 is also param 0 of group 0\)/);
  });
  it('rejects unknown options, in the options and in a group', () => {
    bad(() => new SGD([leaf([1])], { learningRate: 0.1 } as never), /SGD: unknown option 'learningRate'; valid options are lr, momentum/);
    bad(() => new Adam([{ params: [leaf([1])], beta1: 0.5 } as never]), /Adam \(param group 0\): unknown option 'beta1'/);
  });
  it('accepts a group whose params is a single Tensor (as PyTorch does) and an empty group beside a full one', () => {
    const a = leaf([1]);
    const opt = new SGD([{ params: a }, { params: [] }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => g.params.length)).toEqual([1, 0]);
  });
});

describe('Optimizer: hyperparameter validation', () => {
  const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: expect.stringContaining(msg) }));
  it.each(all)('%s rejects a negative or NaN learning rate', (name, make) => {
    bad(() => make([leaf([1])], { lr: -1 }), `${name}: invalid learning rate: -1`);
    bad(() => make([leaf([1])], { lr: NaN }), `${name}: invalid learning rate: NaN`);
    bad(() => make([leaf([1])], { lr: '0.1' }), `${name}: invalid learning rate: the string "0.1"`);
  });
  it('names the bad beta, eps, momentum, weightDecay, rho and alpha', () => {
    const p = [leaf([1])];
    bad(() => new Adam(p, { betas: [1, 0.999] }), 'Adam: invalid beta parameter at index 0: 1 (expected 0 <= beta < 1)');
    bad(() => new NAdam(p, { betas: [0.9, -0.1] }), 'NAdam: invalid beta parameter at index 1: -0.1');
    bad(() => new Lion(p, { betas: [0.9] as never }), 'Lion: betas must be a pair');
    bad(() => new Adam(p, { eps: 0 }), 'Adam: invalid epsilon value: 0 (expected a finite number > 0)');
    bad(() => new SGD(p, { momentum: -0.5 }), 'SGD: invalid momentum value: -0.5');
    bad(() => new AdamW(p, { weightDecay: -1 }), 'AdamW: invalid weightDecay value: -1');
    bad(() => new Adadelta(p, { rho: 1.5 }), 'Adadelta: invalid rho: 1.5 (expected 0 <= rho <= 1)');
    bad(() => new RMSprop(p, { alpha: -0.1 }), 'RMSprop: invalid alpha: -0.1');
    bad(() => new Adam(p, { amsgrad: 'yes' as never }), 'Adam: amsgrad must be a boolean, got the string "yes"');
  });
  it('rejects nesterov without momentum or with dampening', () => {
    bad(() => new SGD([leaf([1])], { nesterov: true }), 'SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum 0 and dampening 0');
    bad(() => new SGD([leaf([1])], { nesterov: true, momentum: 0.9, dampening: 0.1 }), 'got momentum 0.9 and dampening 0.1');
  });
  it('names the param group whose override is bad', () => {
    bad(() => new SGD([{ params: [leaf([1])] }, { params: [leaf([2])], lr: -1 }], { lr: 0.1 }), 'SGD (param group 1): invalid learning rate: -1');
  });
});

describe('Optimizer: step()', () => {
  it('skips parameters without a gradient and does not advance their state', () => {
    const [a, b] = [leaf([1, 2]), leaf([3])];
    const opt = new Adam([a, b], { lr: 0.1 });
    grad(a, [1, 1]);
    opt.step();
    expect(b.toArray()).toEqual([3]);
    expect(opt.state.has(b)).toBe(false);
    grad(b, [1]);
    opt.step();
    expect([opt.state.get(a)!.step, opt.state.get(b)!.step]).toEqual([2, 1]);
  });

  it.each([NaN, Infinity, -Infinity])('refuses a %s gradient before changing any parameter or state', (bad) => {
    const [a, b] = [leaf([1, 2]), leaf([3, 4])];
    const opt = new Adam([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    grad(a, [1, 1]);
    grad(b, [1, 1]);
    opt.step();
    const before = JSON.stringify(opt.stateDict());
    const values = [a.toArray(), b.toArray()];
    grad(b, [0.5, bad]);
    expect(() => opt.step()).toThrow(expect.objectContaining({
      constructor: ValueError,
      message: expect.stringContaining(`Adam.step: gradient of param 0 in group 1 (shape [2]) contains ${bad} at flat index 1; no parameter or optimizer state was changed`),
    }));
    expect([a.toArray(), b.toArray()]).toEqual(values);
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  it('finds a non-finite gradient entry wherever it sits in a long gradient (every lane of the check, and its tail)', () => {
    for (const at of [0, 1, 2, 3, 6, 8, 9]) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const p = leaf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const opt = new SGD([p], { lr: 0.1 });
        const g = [1, -2, 0, -0, 5, 6, 7, 8, 9, 10];
        g[at] = bad;
        grad(p, g);
        expect(() => opt.step()).toThrow(`SGD.step: gradient of param 0 in group 0 (shape [10]) contains ${bad} at flat index ${at}; no parameter or optimizer state was changed`);
        expect(p.toArray()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }
    }
  });

  it('finds a non-finite entry in a gradient long enough for the backend\'s SIMD check, lanes and tail', () => {
    const n = 5003;
    for (const at of [0, 1, 2, 3, 4000, n - 1]) {
      const p = tensor(new Float32Array(n).fill(1), { requiresGrad: true });
      const g = new Float32Array(n).fill(0.5);
      g[at] = NaN;
      p.grad = tensor(g);
      const opt = new SGD([p], { lr: 0.1 });
      expect(() => opt.step()).toThrow(`SGD.step: gradient of param 0 in group 0 (shape [${n}]) contains NaN at flat index ${at}; no parameter`);
      expect(p.toArray()).toEqual(new Array<number>(n).fill(1));
    }
  });

  it('rejects a gradient whose shape differs from the parameter', () => {
    const a = leaf([1, 2]);
    const opt = new SGD([a]);
    grad(a, [1, 2, 3]);
    expect(() => opt.step()).toThrow(ShapeError);
    expect(() => opt.step()).toThrow('SGD.step: gradient of param 0 in group 0 has shape [3] but the parameter has shape [2]');
  });

  it('bumps the version counter, so a graph recorded before the step refuses to backward', () => {
    const a = leaf([1, 2]);
    const y = a.mul(a).sum();
    grad(a, [1, 1]);
    new SGD([a], { lr: 0.1 }).step();
    expect(() => y.backward()).toThrow(GraphError);
  });

  it('zeroGrad sets gradients to null, or to fresh zeros with setToNone = false', () => {
    const a = leaf([1, 2]);
    const opt = new SGD([a]);
    const g = grad(a, [3, 4]);
    opt.zeroGrad(false);
    expect(a.grad!.toArray()).toEqual([0, 0]);
    expect(g.toArray()).toEqual([3, 4]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

describe('Optimizer: param groups', () => {
  it('applies each group\'s own options over the defaults', () => {
    const [a, b] = [leaf([1, -2, 0.5]), leaf([1, -2, 0.5])];
    const opt = new SGD([{ params: [a], lr: 0.1 }, { params: [b], momentum: 0.9, nesterov: true }], { lr: 0.05 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum, g.nesterov])).toEqual([[0.1, 0, false], [0.05, 0.9, true]]);
    const c = tensor([1, 0.5, 3], { dtype: 'float64' });
    const shift = tensor([0.25, 0.5, -0.125], { dtype: 'float64' });
    const trajA: number[][] = [];
    const trajB: number[][] = [];
    for (let t = 0; t < 3; t++) {
      opt.zeroGrad();
      for (const p of [a, b]) p.sub(shift).square().mul(c).sum().backward();
      opt.step();
      trajA.push(a.toArray() as number[]);
      trajB.push(b.toArray() as number[]);
    }
    expect(trajA).toEqual(runQuadratic((ps) => new SGD(ps, { lr: 0.1 })));
    expect(trajB).toEqual(runQuadratic((ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })));
  });

  it('addParamGroup adds a group with its own options and rejects parameters already present', () => {
    const [a, b] = [leaf([1]), leaf([2])];
    const opt = new Adam([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 0.01 });
    expect(opt.paramGroups[1]!.lr).toBe(0.01);
    expect(opt.paramGroups[1]!.betas).toEqual([0.9, 0.999]);
    expect(opt.paramGroups[1]!.betas).not.toBe(opt.paramGroups[0]!.betas);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
  });
});
