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
export { cosineEmbeddingLoss, marginRankingLoss, tripletMarginLoss, softMarginLoss, multilabelSoftMarginLoss, multilabelMarginLoss, type MarginLossOptions, type TripletMarginLossOptions } from './margin-losses.js';
export { poissonNllLoss, gaussianNllLoss, type PoissonNllLossOptions, type GaussianNllLossOptions } from './likelihood-losses.js';
export { ctcLoss, type CTCLossOptions, type Lengths } from './ctc.js';
export { pairwiseDistance, normalize, oneHot, type PairwiseDistanceOptions, type NormalizeOptions } from './distance.js';
export { maxPool1d, avgPool1d, adaptiveMaxPool2d, type MaxPool1dOptions, type AvgPool1dOptions } from './pooling-1d.js';
export { conv3d } from './conv3d.js';
export { pixelShuffle, pixelUnshuffle, localResponseNorm, type LocalResponseNormOptions } from './pixel.js';
export { embeddingBag, type EmbeddingBagOptions } from './embedding-bag.js';
export { bilinear } from './bilinear.js';
export { dropout1d, dropout2d, alphaDropout } from './dropout-more.js';
