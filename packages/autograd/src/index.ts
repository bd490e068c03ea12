/**
 * `@nabla/autograd`: the scalar `Value` engine, the n-dimensional `Tensor` with its ops, reverse-mode
 * autodiff (`backward`, `gradients`, `noGrad`), the functional transforms (`grad`, `vjp`, forward-mode `jvp`,
 * `vmap`, `jacobian`, `jacrev`, `jacfwd`, `hessian`, `hvp`), custom ops (`defineOp`) and `toDot` pictures of graphs.
 *
 * @module @nabla/autograd
 */
export * from './errors.js';
export { checkOptionKeys, closestKey, keysOf } from './options.js';
export { Generator, manualSeed, defaultGenerator } from './random.js';
export type { DType, TypedArray } from './tensor/dtype.js';
export { DTYPES } from './tensor/dtype.js';
export { Tensor, type TensorLike, type NestedArray, type HookHandle, type GradHook, type BackwardOptions } from './tensor/tensor.js';
export { setPrintOptions, getPrintOptions, type PrintOptions, type PrintProfile } from './tensor/print-options.js';
export { tensor, type TensorOptions } from './creation/tensor.js';
export { full, zeros, ones, zerosLike, onesLike, type CreationOptions } from './creation/fill.js';
export * from './ops/index.js';
export * as linalg from './linalg/index.js';
export { noGrad, enableGrad, isGradEnabled } from './autodiff/grad-mode.js';
export { inferenceMode, isInferenceMode } from './autodiff/inference-mode.js';
export { checkpoint } from './autodiff/checkpoint.js';
export { detectAnomaly, AnomalyError } from './autodiff/anomaly.js';
export type { Backend, Strided } from './backend/backend.js';
export { getBackend, setBackend, ready, type BackendName } from './backend/registry.js';
export { setNumThreads, getNumThreads } from './backend/wasm/threads/pool.js';
export { Value, type ValueOptions } from './scalar/value.js';
export { toDot } from './scalar/to-dot.js';
export { gradients, type GradientsOptions } from './autodiff/gradients.js';
export { arange, linspace, eye, type EyeOptions } from './creation/ranges.js';
export { rand, randn, randint, type RandomOptions } from './creation/random.js';
export {
  bernoulli, multinomial, randperm, normal, poisson, randLike, randnLike, fullLike, emptyLike, logspace,
  type SamplingOptions, type MultinomialOptions, type LikeOptions, type LogspaceOptions,
} from './creation/sampling.js';
export { grad, valueAndGrad, vjp, type ArgnumsOptions } from './autodiff/functional.js';
export { jvp } from './transforms/forward.js';
export { vmap, type VmapOptions } from './transforms/vmap.js';
export { elementsForCheck } from './transforms/levels.js';
export { jacobian, jacrev, jacfwd, hessian, hvp } from './autodiff/jacobian.js';
export { defineOp, type CustomOpDefinition, type CustomVjpContext } from './autodiff/custom-op.js';
export type { TensorDotOptions } from './graph/tensor-dot.js';
