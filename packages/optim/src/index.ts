/**
 * `@nabla/optim`: optimizers with PyTorch's algorithms and defaults (each a pure update function plus a thin
 * class), learning-rate schedulers and gradient clipping.
 *
 * @module @nabla/optim
 */
export { Optimizer } from './optimizer.js';
export type { Hyperparams, ParamGroup, ParamGroupInput, ParamsInput } from './param-groups.js';
export type { OptimizerStateDict, ParamState, SavedBuffer, SavedParamGroup, SavedParamState, StateSchema } from './state-dict.js';
export type { FloatArray } from './math.js';
export { SGD, SGD_DEFAULTS, sgdUpdate, type SGDHyper, type SGDOptions } from './sgd.js';
export { Adagrad, ADAGRAD_DEFAULTS, adagradUpdate, type AdagradHyper, type AdagradOptions } from './adagrad.js';
export { RMSprop, RMSPROP_DEFAULTS, rmspropUpdate, type RMSpropBuffers, type RMSpropHyper, type RMSpropOptions } from './rmsprop.js';
export { Adadelta, ADADELTA_DEFAULTS, adadeltaUpdate, type AdadeltaHyper, type AdadeltaOptions } from './adadelta.js';
export { Adam, ADAM_DEFAULTS, adamUpdate, type AdamHyper, type AdamMoments, type AdamOptions } from './adam.js';
export { AdamW, ADAMW_DEFAULTS, adamwUpdate, type AdamWHyper, type AdamWOptions } from './adamw.js';
export { Adamax, ADAMAX_DEFAULTS, adamaxUpdate, type AdamaxHyper, type AdamaxOptions } from './adamax.js';
export { NAdam, NADAM_DEFAULTS, nadamUpdate, type NAdamHyper, type NAdamOptions, type NAdamState } from './nadam.js';
export { RAdam, RADAM_DEFAULTS, radamUpdate, type RAdamHyper, type RAdamOptions } from './radam.js';
export { Lion, LION_DEFAULTS, lionUpdate, type LionHyper, type LionOptions } from './lion.js';
export { Rprop, RPROP_DEFAULTS, rpropUpdate, type RpropHyper, type RpropOptions } from './rprop.js';
export { ASGD, ASGD_DEFAULTS, asgdUpdate, type ASGDHyper, type ASGDOptions, type ASGDState } from './asgd.js';
export { LBFGS, LBFGS_DEFAULTS, type LBFGSClosure, type LBFGSHyper, type LBFGSOptions, type LBFGSState } from './lbfgs.js';
export type { LBFGSStateDict, SavedLBFGSState } from './lbfgs-state.js';
export { twoLoopRecursion, updateHistory, type LBFGSHistory } from './lbfgs-math.js';
export { cubicInterpolate, strongWolfe, type DirectionalEval, type LineSearchResult, type StrongWolfeOptions, type TrialPoint } from './line-search.js';
export { clipGradNorm, clipGradValue, vectorNorm } from './clip.js';
export { AveragedModel, type AveragableModel, type AveragedModelOptions } from './swa.js';
export { getEmaAvgFn, getEmaMultiAvgFn, getSwaAvgFn, getSwaMultiAvgFn, type AvgFn, type MultiAvgFn } from './swa-avg-fns.js';
export { updateBn, type BnUpdatable } from './update-bn.js';
export { deepCopy } from './deep-copy.js';
export * from './schedulers/index.js';
