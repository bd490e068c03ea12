/**
 * `@nabla/nn`: modules, layers, initialisers, losses, regularizers, state dicts and safetensors, with
 * PyTorch's semantics and names (camelCase), so a PyTorch model ports line by line and loads its weights.
 * Stateless forms live in `@nabla/nn/functional`; file helpers in `@nabla/nn/node`.
 *
 * @module @nabla/nn
 */
export { Parameter } from './parameter.js';
export { Module, type LoadOptions, type LoadResult, type ForwardHook, type ForwardPreHook, type RemovableHandle } from './module.js';
export { ModuleList, Sequential } from './containers.js';
export { ModuleDict, ParameterDict, ParameterList } from './dict-containers.js';
export * as init from './init.js';
export type { Nonlinearity, FanMode, KaimingOptions, RandomOptions } from './init.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { ReLU, LeakyReLU, GELU, SiLU, Sigmoid, Tanh, Softmax, Flatten, type FlattenOptions } from './layers/activation.js';
export { Dropout } from './layers/dropout.js';
export {
  Identity, Mish, Hardswish, Hardsigmoid, ReLU6, SELU, Softsign, LogSigmoid, Hardtanh, ELU, CELU, Softplus, GLU, LogSoftmax, Softmin, PReLU,
  type HardtanhLayerOptions, type AlphaOptions, type SoftplusLayerOptions, type AxisOptions, type PReLUOptions,
} from './layers/activation-more.js';
export { Embedding, type EmbeddingLayerOptions } from './layers/embedding.js';
export { BatchNorm1d, BatchNorm2d, LayerNorm, type BatchNormLayerOptions, type LayerNormLayerOptions } from './layers/normalization.js';
export { GroupNorm, RMSNorm, InstanceNorm1d, InstanceNorm2d, type GroupNormLayerOptions, type RMSNormLayerOptions, type InstanceNormLayerOptions } from './layers/norms-more.js';
export * from './layers/losses.js';
export { Conv1d, Conv2d, type ConvLayerOptions } from './layers/conv.js';
export { ConvTranspose1d, ConvTranspose2d, type ConvTransposeLayerOptions } from './layers/conv-transpose.js';
export * from './layers/pooling.js';
export { AdaptiveAvgPool1d, AdaptiveAvgPool2d, Upsample } from './layers/resample.js';
export * from './layers/rnn.js';
export * from './layers/attention.js';
export { TransformerEncoderLayer, TransformerEncoder, type EncoderLayerForwardOptions, type EncoderForwardOptions, type TransformerEncoderOptions } from './layers/transformer-encoder.js';
export { TransformerDecoderLayer, TransformerDecoder, type DecoderForwardOptions, type TransformerDecoderOptions } from './layers/transformer-decoder.js';
export { Transformer, type TransformerOptions, type TransformerForwardOptions } from './layers/transformer.js';
export type { TransformerLayerOptions, TransformerActivation } from './layers/transformer-common.js';
export * from './data/index.js';
export { Conv3d, Bilinear, type BilinearOptions } from './layers/conv3d-bilinear.js';
export { EmbeddingBag, type EmbeddingBagLayerOptions } from './layers/embedding-bag.js';
export { MaxPool1d, AvgPool1d, AdaptiveMaxPool2d, PixelShuffle, PixelUnshuffle, Unfold, Fold, type FoldOptions, type FoldWindow } from './layers/pooling-more.js';
export { LocalResponseNorm, PairwiseDistance, Dropout1d, Dropout2d, AlphaDropout } from './layers/misc-more.js';
export {
  CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss, SoftMarginLoss, MultiLabelSoftMarginLoss, MultiLabelMarginLoss, PoissonNLLLoss, GaussianNLLLoss, CTCLoss,
  type ReductionOptions, type MultiLabelSoftMarginLossOptions,
} from './layers/losses-more.js';
export * as utils from './utils.js';
export type { SpectralNormOptions } from './utils.js';
export type { TruncNormalOptions } from './init-more.js';
export { l1Penalty, l2Penalty, elasticNet, maxNorm, type MaxNormOptions, type ParamSource } from './regularizers.js';
export {
  saveSafetensors, loadSafetensors, type SafetensorsContents, type LoadSafetensorsOptions, type SaveSafetensorsOptions, type SafetensorsDType,
} from './safetensors.js';
export type { Reduction } from './functional/reduction.js';
