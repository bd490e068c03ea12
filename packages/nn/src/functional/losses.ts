export { type Reduction } from './reduction.js';
export { mseLoss, l1Loss, smoothL1Loss, huberLoss, type LossOptions } from './regression-losses.js';
export { binaryCrossEntropy, bceWithLogits, type BCEWithLogitsOptions } from './bce.js';
export { crossEntropy, nllLoss, type CrossEntropyOptions, type NLLLossOptions } from './cross-entropy.js';
export { klDiv, hingeEmbeddingLoss, cosineSimilarity, multiMarginLoss, type KLDivOptions, type MultiMarginOptions } from './other-losses.js';
