/**
 * `@nabla/nn/functional`: stateless layer and loss functions (PyTorch's `torch.nn.functional`). Tensors are
 * positional; scalars go in an options object.
 *
 * @module @nabla/nn/functional
 */
export { linear } from './linear.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { embedding, type EmbeddingOptions } from './embedding.js';
export { layerNorm, batchNorm, type LayerNormOptions, type BatchNormOptions } from './normalization.js';
export { groupNorm, rmsNorm, instanceNorm, type GroupNormOptions, type RMSNormOptions, type InstanceNormOptions } from './norms-more.js';
export * from './losses.js';
export * from './conv.js';
export { convTranspose1d, convTranspose2d, type ConvTransposeOptions } from './conv-transpose.js';
export * from './pooling.js';
export { adaptiveAvgPool1d, adaptiveAvgPool2d, interpolate, type InterpolateOptions } from './resample.js';
export { scaledDotProductAttention, type ScaledDotProductAttentionOptions } from './attention.js';
