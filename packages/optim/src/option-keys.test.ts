import { describe, expect, it } from 'vitest';
import { ValueError, tensor, type Tensor } from '@nabla/autograd';
import * as optim from './index.js';
import type { Optimizer } from './optimizer.js';

// Every optimizer and scheduler rejects an unknown or misspelled option key with a ValueError that names the
// op, the key, the likely intended key and every valid key; a scheduler leaves the optimizer untouched.
const leaf = () => tensor([1, 2], { dtype: 'float64', requiresGrad: true });
type MakeOpt = (ps: Tensor[], o: object) => Optimizer;
const optimizers: [string, MakeOpt, object, string, string][] = [
  // name, constructor, its defaults (the valid keys), misspelled key, the key it should suggest
  ['SGD', (ps, o) => new optim.SGD(ps, o), optim.SGD_DEFAULTS, 'weight_decay', 'weightDecay'],
  ['Adam', (ps, o) => new optim.Adam(ps, o), optim.ADAM_DEFAULTS, 'beta', 'betas'],
  ['AdamW', (ps, o) => new optim.AdamW(ps, o), optim.ADAMW_DEFAULTS, 'amsGrad', 'amsgrad'],
  ['Adamax', (ps, o) => new optim.Adamax(ps, o), optim.ADAMAX_DEFAULTS, 'esp', 'eps'],
  ['NAdam', (ps, o) => new optim.NAdam(ps, o), optim.NADAM_DEFAULTS, 'momentum_decay', 'momentumDecay'],
  ['RAdam', (ps, o) => new optim.RAdam(ps, o), optim.RADAM_DEFAULTS, 'decoupled_weight_decay', 'decoupledWeightDecay'],
  ['Adagrad', (ps, o) => new optim.Adagrad(ps, o), optim.ADAGRAD_DEFAULTS, 'lr_decay', 'lrDecay'],
  ['Adadelta', (ps, o) => new optim.Adadelta(ps, o), optim.ADADELTA_DEFAULTS, 'rh', 'rho'],
  ['RMSprop', (ps, o) => new optim.RMSprop(ps, o), optim.RMSPROP_DEFAULTS, 'centred', 'centered'],
  ['Lion', (ps, o) => new optim.Lion(ps, o), optim.LION_DEFAULTS, 'weightdecay', 'weightDecay'],
  ['Rprop', (ps, o) => new optim.Rprop(ps, o), optim.RPROP_DEFAULTS, 'step_sizes', 'stepSizes'],
  ['ASGD', (ps, o) => new optim.ASGD(ps, o), optim.ASGD_DEFAULTS, 'lambda', 'lambd'],
  ['LBFGS', (ps, o) => new optim.LBFGS(ps, o), optim.LBFGS_DEFAULTS, 'line_search_fn', 'lineSearchFn'],
];

describe('optimizers reject unknown option keys', () => {
  it.each(optimizers)('%s', (name, make, defaults, typo, near) => {
    const valid = Object.keys(defaults);
    if (name !== 'RAdam') expect(valid).toContain(near);
    const msg = `${name}: unknown option '${typo}'${valid.includes(near) ? ` (did you mean '${near}'?)` : ''}; valid options are ${valid.join(', ')}`;
    expect(() => make([leaf()], { [typo]: 1 })).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
    expect(() => make([{ params: [leaf()], [typo]: 1 } as never], {})).toThrow(`${name} (param group 0): unknown option '${typo}'`);
    expect(() => make([leaf()], 0.1 as never)).toThrow(`${name}: options must be an object, got number 0.1`);
  });
  it('covers every optimizer the package exports', () => {
    const exported = Object.entries(optim).filter(([, v]) => typeof v === 'function' && v.prototype instanceof optim.Optimizer).map(([k]) => k);
    expect(exported.sort()).toEqual(optimizers.map(([n]) => n).sort());
  });
});

const sgd = () => new optim.SGD([leaf()], { lr: 0.1, momentum: 0.9 });
type MakeSched = (opt: optim.SGD, o: object) => unknown;
let chainChild: optim.StepLR | undefined;
const schedulers: [string, MakeSched, object, string[], string, string][] = [
  // name, constructor, required options, valid keys, misspelled key, the key it should suggest
  ['StepLR', (o, x) => new optim.StepLR(o, x as never), { stepSize: 2 }, ['stepSize', 'gamma'], 'gama', 'gamma'],
  ['MultiStepLR', (o, x) => new optim.MultiStepLR(o, x as never), { milestones: [2] }, ['milestones', 'gamma'], 'Gamma', 'gamma'],
  ['ExponentialLR', (o, x) => new optim.ExponentialLR(o, x as never), { gamma: 0.9 }, ['gamma'], 'last_epoch', ''],
  ['CosineAnnealingLR', (o, x) => new optim.CosineAnnealingLR(o, x as never), { tMax: 5 }, ['tMax', 'etaMin'], 'eta_min', 'etaMin'],
  ['CosineAnnealingWarmRestarts', (o, x) => new optim.CosineAnnealingWarmRestarts(o, x as never), { t0: 5 }, ['t0', 'tMult', 'etaMin'], 'T_mult', 'tMult'],
  ['OneCycleLR', (o, x) => new optim.OneCycleLR(o, x as never), { maxLr: 1, totalSteps: 10 },
    ['maxLr', 'totalSteps', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase'], 'three_phase', 'threePhase'],
  ['LinearLR', (o, x) => new optim.LinearLR(o, x as never), {}, ['startFactor', 'endFactor', 'totalIters'], 'total_iters', 'totalIters'],
  ['LambdaLR', (o, x) => new optim.LambdaLR(o, x as never), { lrLambda: () => 1 }, ['lrLambda'], 'lambda', 'lrLambda'],
  ['SequentialLR', (o, x) => new optim.SequentialLR(o, x as never), {}, ['schedulers', 'milestones'], 'milestone', 'milestones'],
  ['ReduceLROnPlateau', (o, x) => new optim.ReduceLROnPlateau(o, x as never), {},
    ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'], 'min_lr', 'minLr'],
  ['CyclicLR', (o, x) => new optim.CyclicLR(o, x as never), { baseLr: 0.1, maxLr: 1 },
    ['baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum', 'baseMomentum', 'maxMomentum'], 'step_size_up', 'stepSizeUp'],
  ['ConstantLR', (o, x) => new optim.ConstantLR(o, x as never), {}, ['factor', 'totalIters'], 'factr', 'factor'],
  ['PolynomialLR', (o, x) => new optim.PolynomialLR(o, x as never), {}, ['totalIters', 'power'], 'pow', 'power'],
  ['SWALR', (o, x) => new optim.SWALR(o, x as never), { swaLr: 0.05 }, ['swaLr', 'annealEpochs', 'annealStrategy'], 'anneal_epochs', 'annealEpochs'],
  ['ChainedScheduler', (_o, x) => new optim.ChainedScheduler([chainChild!], x as never), {}, ['optimizer'], 'optimiser', 'optimizer'],
];

describe('schedulers reject unknown option keys and change nothing', () => {
  it.each(schedulers)('%s', (name, make, required, valid, typo, near) => {
    const opt = sgd();
    // Children are built first (they record initialLr, as in PyTorch); the snapshot is taken after them.
    if (name === 'SequentialLR') Object.assign(required, { schedulers: [new optim.StepLR(opt, { stepSize: 2 })], milestones: [] });
    if (name === 'ChainedScheduler') chainChild = new optim.StepLR(opt, { stepSize: 2 });
    const before = JSON.stringify(opt.paramGroups.map(({ params: _p, ...h }) => h));
    const hint = near ? ` (did you mean '${near}'?)` : '';
    const msg = `${name}: unknown option '${typo}'${hint}; valid options are ${valid.join(', ')}`;
    expect(() => make(opt, { ...required, [typo]: 1 })).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
    expect(JSON.stringify(opt.paramGroups.map(({ params: _p, ...h }) => h))).toBe(before);
    expect(() => make(opt, 7 as never)).toThrow(ValueError);
    expect(() => make(opt, required)).not.toThrow();
  });
  it('covers every scheduler the package exports', () => {
    const isScheduler = (v: unknown) => typeof v === 'function' && (v.prototype instanceof optim.LRScheduler || v === optim.ReduceLROnPlateau);
    const exported = Object.entries(optim).filter(([, v]) => isScheduler(v)).map(([k]) => k);
    expect(exported.sort()).toEqual(schedulers.map(([n]) => n).sort());
  });
});
