/**
 * Teaching-size neural networks over scalar `Value`s (micrograd's nn.py): `Neuron`, `Layer`, `MLP`. For real
 * work use the Tensor modules in `@nabla/nn`.
 *
 * @module @nabla/nn/scalar
 */
export { Neuron, type NeuronOptions } from './neuron.js';
export { Layer } from './layer.js';
export { MLP, type MLPOptions } from './mlp.js';
export type { Nonlinearity, InitOptions } from './options.js';
