import { describe, expect, it } from 'vitest';
import { ValueError, tensor, type DType, type Tensor } from '@nabla/autograd';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { Adamax } from './adamax.js';
import { Lion } from './lion.js';
import { NAdam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import type { ParamGroupInput } from './param-groups.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import type { OptimizerStateDict } from './state-dict.js';

type Groups = ParamGroupInput[];
// Every optimizer with the options that give it the most state (momentum buffers, running maxima, muProduct).
const makers: [string, (g: Groups) => Optimizer][] = [
  ['SGD', (g) => new SGD(g as never, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adagrad', (g) => new Adagrad(g as never, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  ['RMSprop', (g) => new RMSprop(g as never, { lr: 0.01, momentum: 0.5, centered: true })],
  ['Adadelta', (g) => new Adadelta(g as never, { weightDecay: 0.01 })],
  ['Adam', (g) => new Adam(g as never, { lr: 0.05, amsgrad: true, weightDecay: 0.01 })],
  ['AdamW', (g) => new AdamW(g as never, { lr: 0.05, amsgrad: true })],
  ['Adamax', (g) => new Adamax(g as never, { lr: 0.05 })],
  ['NAdam', (g) => new NAdam(g as never, { lr: 0.05, decoupledWeightDecay: true, weightDecay: 0.1 })],
  ['RAdam', (g) => new RAdam(g as never, { lr: 0.05 })],
  ['Lion', (g) => new Lion(g as never, { lr: 0.01, weightDecay: 0.1 })],
];

function params(dtype: DType, from?: Tensor[]): Tensor[] {
  if (from) return from.map((p) => tensor(p.data(), { dtype, shape: p.shape, requiresGrad: true }));
  return [tensor([1, -2, 0.5], { dtype, requiresGrad: true }), tensor([[0.3, -0.7], [1.5, 2]], { dtype, requiresGrad: true })];
}
const groupsOf = ([a, b]: Tensor[]): Groups => [{ params: [a!] }, { params: [b!], lr: 0.02 }];

function train(opt: Optimizer, [a, b]: Tensor[], steps: number): void {
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    a!.sub(0.25).square().mul(tensor([1, 0.5, 3], { dtype: a!.dtype })).sum().add(b!.mul(b!).mul(b!).sum()).backward();
    opt.step();
  }
}

describe('stateDict / loadStateDict', () => {
  describe.each(['float64', 'float32'] as DType[])('%s parameters', (dtype) => {
    it.each(makers)('%s: save, JSON round trip, load into a fresh optimizer, continue = uninterrupted run, bit for bit', (_n, make) => {
      const ref = params(dtype);
      train(make(groupsOf(ref)), ref, 10);

      const first = params(dtype);
      const opt = make(groupsOf(first));
      train(opt, first, 5);
      const sd = JSON.parse(JSON.stringify(opt.stateDict())) as OptimizerStateDict;
      const resumed = params(dtype, first);
      const fresh = make(groupsOf(resumed));
      fresh.paramGroups.forEach((g) => (g.lr = 123)); // replaced by the loaded hyperparameters
      fresh.loadStateDict(sd);
      train(fresh, resumed, 5);
      expect(resumed.map((p) => p.toArray())).toEqual(ref.map((p) => p.toArray()));
    });
  });

  it('is a deep copy in both directions', () => {
    const ps = params('float64');
    const opt = new Adam(groupsOf(ps) as never, { lr: 0.1 });
    train(opt, ps, 2);
    const sd = opt.stateDict();
    const snapshot = JSON.stringify(sd);
    train(opt, ps, 1); // stepping on does not change a saved dict
    expect(JSON.stringify(sd)).toBe(snapshot);
    const now = JSON.stringify(opt.stateDict());
    sd.state['0']!.buffers.expAvg!.data[0] = 1e9; // editing a saved dict does not change the optimizer
    sd.paramGroups[0]!.betas[0] = 0.1;
    expect(JSON.stringify(opt.stateDict())).toBe(now);
    opt.loadStateDict(sd); // nor does editing a dict after loading it
    const loaded = JSON.stringify(opt.stateDict());
    sd.state['0']!.buffers.expAvg!.data[0] = 7;
    sd.paramGroups[0]!.betas[0] = 0.2;
    expect(JSON.stringify(opt.stateDict())).toBe(loaded);
    expect(opt.paramGroups[0]!.betas[0]).toBe(0.1);
  });

  describe('rejects a state dict that does not fit, listing every problem and changing nothing', () => {
    const trained = <T extends Optimizer>(make: () => T, ps: Tensor[]): T => {
      const opt = make();
      train(opt, ps, 2);
      return opt;
    };
    const expectRejected = (opt: Optimizer, sd: unknown, ...parts: string[]) => {
      const before = JSON.stringify(opt.stateDict());
      let err: unknown;
      try {
        opt.loadStateDict(sd as OptimizerStateDict);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValueError);
      for (const part of parts) expect((err as Error).message).toContain(part);
      expect(JSON.stringify(opt.stateDict())).toBe(before);
    };
    const ps = params('float64');
    const two = (): Adam => trained(() => new Adam(groupsOf(ps) as never, { lr: 0.1 }), ps);

    it('a different number of groups', () => {
      const one = new Adam([tensor([1, 2, 3], { requiresGrad: true })]);
      expectRejected(one, two().stateDict(), 'Adam.loadStateDict: the state dict does not fit this optimizer; nothing was loaded', 'the state dict has 2 parameter groups but the optimizer has 1');
    });
    it('a group of another size', () => {
      const [a, b] = params('float64');
      const opt = trained(() => new Adam([{ params: [a!, b!] }, { params: [tensor([1], { requiresGrad: true })] }] as never), [a!, b!]);
      expectRejected(opt, two().stateDict(), "loaded state dict contains a parameter group that doesn't match the size of optimizer's group: group 0 has 1 params in the state dict and 2 in the optimizer");
    });
    it('buffers of another shape and a bad learning rate, both reported', () => {
      const other = params('float64').map((p) => tensor(p.data().slice(0, 2), { requiresGrad: true }));
      const opt = new Adam(groupsOf(other) as never);
      const sd = two().stateDict();
      sd.paramGroups[1]!.lr = -1;
      expectRejected(opt, sd, "state of parameter id 0 (group 0 param 0, shape [2]): buffer 'expAvg' has shape [3], expected [2]", 'Adam (param group 1): invalid learning rate: -1');
    });
    it('another optimizer\'s state (unknown options and buffers)', () => {
      const [a, b] = params('float64');
      const sgd = trained(() => new SGD(groupsOf([a!, b!]) as never, { momentum: 0.9 }), [a!, b!]);
      expectRejected(two(), sgd.stateDict(), "param group 0: unknown option 'momentum'", "unknown buffer 'momentumBuffer'");
    });
    it('a missing buffer that the loaded options require, and malformed input', () => {
      const opt = two();
      const sd = opt.stateDict();
      sd.paramGroups[0]!.amsgrad = true;
      expectRejected(opt, sd, "state of parameter id 0 (group 0 param 0, shape [3]): missing buffer 'maxExpAvgSq'");
      expectRejected(opt, { state: {} }, 'expected { state: {...}, paramGroups: [...] }, got an object (Object)');
      const bad = opt.stateDict();
      bad.state['1']!.buffers.expAvg!.data[2] = 'x' as never;
      bad.state['1']!.step = -1;
      expectRejected(opt, bad, "buffer 'expAvg' element 2 is the string \"x\", not a finite number", 'step must be an integer >= 0, got number -1');
    });
  });
});
