/**
 * Tools for testing gradients, for nabla's own tests and for users' ops: `gradcheck` and `gradgradcheck`.
 * The fast-check arbitraries that generate shapes and tensors live in `@nabla/autograd/testing/arbitraries`,
 * so this entry point works without fast-check installed.
 *
 * @module @nabla/autograd/testing
 */
export { gradcheck, gradgradcheck, GradcheckError, type GradcheckOptions, type TensorFn } from './gradcheck.js';
