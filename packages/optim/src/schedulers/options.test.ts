import { describe, expect, it } from 'vitest';
import { ValueError, tensor } from '@nabla/autograd';
import { SGD } from '../sgd.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { CosineAnnealingWarmRestarts } from './cosine-annealing-warm-restarts.js';
import { ExponentialLR } from './exponential-lr.js';
import { LambdaLR } from './lambda-lr.js';
import { MultiStepLR } from './multi-step-lr.js';
import { OneCycleLR } from './one-cycle-lr.js';
import { SequentialLR } from './sequential-lr.js';
import { StepLR } from './step-lr.js';

const opt = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));

describe('schedulers name a missing required option and the options that were given', () => {
  it('OneCycleLR with PyTorch spellings points to the camelCase names', () => {
    const o = opt();
    bad(
      () => new OneCycleLR(o, { max_lr: 0.1, total_steps: 10 } as never),
      "OneCycleLR: missing options 'maxLr', 'totalSteps' (the options given were: max_lr, total_steps; did you mean maxLr for max_lr, totalSteps for total_steps?)",
    );
    bad(() => new OneCycleLR(o, { maxLr: 0.1 } as never), "OneCycleLR: missing option 'totalSteps' (the options given were: maxLr)");
    // Nothing was written into the optimizer's groups beyond what every scheduler records (initialLr).
    expect(o.paramGroups[0]!.lr).toBe(0.1);
    expect(o.paramGroups[0]!.momentum).toBe(0.9);
  });

  it.each([
    ['StepLR', () => new StepLR(opt(), {} as never), "StepLR: missing option 'stepSize' (no options were given)"],
    ['StepLR', () => new StepLR(opt(), { step_size: 2, gamma: 0.5 } as never), "StepLR: missing option 'stepSize' (the options given were: step_size, gamma; did you mean stepSize for step_size?)"],
    ['MultiStepLR', () => new MultiStepLR(opt(), { gamma: 0.5 } as never), "MultiStepLR: missing option 'milestones' (the options given were: gamma)"],
    ['ExponentialLR', () => new ExponentialLR(opt(), undefined as never), 'ExponentialLR: expected an options object with gamma, got undefined'],
    ['CosineAnnealingLR', () => new CosineAnnealingLR(opt(), { T_max: 5 } as never), "CosineAnnealingLR: missing option 'tMax' (the options given were: T_max; did you mean tMax for T_max?)"],
    ['CosineAnnealingWarmRestarts', () => new CosineAnnealingWarmRestarts(opt(), { T_0: 5 } as never), "CosineAnnealingWarmRestarts: missing option 't0' (the options given were: T_0; did you mean t0 for T_0?)"],
    ['LambdaLR', () => new LambdaLR(opt(), { lr_lambda: () => 1 } as never), "LambdaLR: missing option 'lrLambda' (the options given were: lr_lambda; did you mean lrLambda for lr_lambda?)"],
    ['SequentialLR', () => new SequentialLR(opt(), 5 as never), 'SequentialLR: expected an options object with schedulers, milestones, got number 5'],
  ])('%s', (_name, fn, msg) => bad(fn, msg));
});
