/**
 * Tools for testing gradients, for nabla's own tests and for users' ops: `gradcheck`, `gradgradcheck`
 * and fast-check arbitraries that generate shapes and tensors.
 *
 * @module @nabla/autograd/testing
 */
export { gradcheck, gradgradcheck, GradcheckError, type GradcheckOptions, type TensorFn } from './gradcheck.js';
export { arbShape, arbBroadcastableShapes, arbTensor, type ArbShapeOptions, type ArbTensorOptions } from './arbitraries.js';
