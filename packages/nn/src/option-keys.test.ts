import { ValueError, randn, zeros } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import * as F from './functional/index.js';
import * as nn from './index.js';

const bogus = { bogus: 1 } as never;
const x = randn([2, 3, 4, 4]);
const logits = randn([4, 3]);
const labels = zeros([4], { dtype: 'int32' });

// Every layer, loss and functional op that takes options: [its name in the message, the call, its valid keys].
const ROWS: [string, () => unknown, string][] = [
  ['Linear', () => new nn.Linear(2, 2, bogus), 'bias, dtype, generator'],
  ['Conv2d', () => new nn.Conv2d(1, 1, 3, bogus), 'stride, padding, dilation, groups, bias, dtype, generator, paddingMode'],
  ['Conv1d', () => new nn.Conv1d(1, 1, 3, bogus), 'stride, padding, dilation, groups, bias, dtype, generator, paddingMode'],
  ['ConvTranspose2d', () => new nn.ConvTranspose2d(1, 1, 3, bogus), 'stride, padding, outputPadding, groups, dilation, bias, dtype, generator, paddingMode'],
  ['ConvTranspose1d', () => new nn.ConvTranspose1d(1, 1, 3, bogus), 'stride, padding, outputPadding, groups, dilation, bias, dtype, generator, paddingMode'],
  ['MaxPool2d', () => new nn.MaxPool2d(2, bogus), 'stride, padding, dilation, ceilMode, returnIndices'],
  ['AvgPool2d', () => new nn.AvgPool2d(2, bogus), 'stride, padding, countIncludePad, divisorOverride, ceilMode'],
  ['Dropout', () => new nn.Dropout(bogus), 'p, generator'],
  ['LeakyReLU', () => new nn.LeakyReLU(bogus), 'negativeSlope'],
  ['GELU', () => new nn.GELU(bogus), 'approximate'],
  ['Softmax', () => new nn.Softmax(bogus), 'axis'],
  ['Flatten', () => new nn.Flatten(bogus), 'startDim, endDim'],
  ['LayerNorm', () => new nn.LayerNorm(4, bogus), 'eps, elementwiseAffine, bias, dtype'],
  ['BatchNorm1d', () => new nn.BatchNorm1d(4, bogus), 'eps, momentum, affine, trackRunningStats, dtype'],
  ['BatchNorm2d', () => new nn.BatchNorm2d(4, bogus), 'eps, momentum, affine, trackRunningStats, dtype'],
  ['GroupNorm', () => new nn.GroupNorm(2, 4, bogus), 'eps, affine, dtype'],
  ['RMSNorm', () => new nn.RMSNorm(4, bogus), 'eps, elementwiseAffine, dtype'],
  ['InstanceNorm2d', () => new nn.InstanceNorm2d(4, bogus), 'eps, momentum, affine, trackRunningStats, dtype'],
  ['Embedding', () => new nn.Embedding(4, 2, bogus), 'paddingIdx, dtype, generator'],
  ['Embedding.fromPretrained', () => nn.Embedding.fromPretrained(randn([4, 2]), bogus), 'freeze, paddingIdx'],
  ['RNN', () => new nn.RNN(2, 3, bogus), 'numLayers, bias, batchFirst, dropout, bidirectional, dtype, generator, projSize, nonlinearity'],
  ['LSTM', () => new nn.LSTM(2, 3, bogus), 'numLayers, bias, batchFirst, dropout, bidirectional, dtype, generator, projSize'],
  ['GRU', () => new nn.GRU(2, 3, bogus), 'numLayers, bias, batchFirst, dropout, bidirectional, dtype, generator, projSize'],
  ['RNNCell', () => new nn.RNNCell(2, 3, bogus), 'bias, dtype, generator, nonlinearity'],
  ['LSTMCell', () => new nn.LSTMCell(2, 3, bogus), 'bias, dtype, generator'],
  ['GRUCell', () => new nn.GRUCell(2, 3, bogus), 'bias, dtype, generator'],
  ['MultiheadAttention', () => new nn.MultiheadAttention(4, 2, bogus), 'dropout, bias, batchFirst, kdim, vdim, dtype, generator, addBiasKv, addZeroAttn'],
  ['TransformerEncoderLayer', () => new nn.TransformerEncoderLayer(4, 2, bogus), 'dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator'],
  ['TransformerDecoderLayer', () => new nn.TransformerDecoderLayer(4, 2, bogus), 'dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator'],
  ['PReLU', () => new nn.PReLU(bogus), 'numParameters, init, dtype'],
  ['Softplus', () => new nn.Softplus(bogus), 'beta, threshold'],
  ['Upsample', () => new nn.Upsample(bogus), 'size, scaleFactor, mode, alignCorners'],
  ['DataLoader', () => new nn.DataLoader(new nn.TensorDataset(x), bogus), 'batchSize, shuffle, dropLast, generator, collate'],
  ['MSELoss', () => new nn.MSELoss(bogus), 'reduction'],
  ['L1Loss', () => new nn.L1Loss(bogus), 'reduction'],
  ['SmoothL1Loss', () => new nn.SmoothL1Loss(bogus), 'reduction, beta'],
  ['HuberLoss', () => new nn.HuberLoss(bogus), 'reduction, delta'],
  ['BCELoss', () => new nn.BCELoss(bogus), 'reduction, weight'],
  ['BCEWithLogitsLoss', () => new nn.BCEWithLogitsLoss(bogus), 'reduction, weight, posWeight'],
  ['CrossEntropyLoss', () => new nn.CrossEntropyLoss(bogus), 'reduction, weight, ignoreIndex, labelSmoothing'],
  ['NLLLoss', () => new nn.NLLLoss(bogus), 'reduction, weight, ignoreIndex'],
  ['KLDivLoss', () => new nn.KLDivLoss(bogus), 'reduction, logTarget'],
  ['HingeEmbeddingLoss', () => new nn.HingeEmbeddingLoss(bogus), 'reduction, margin'],
  ['MultiMarginLoss', () => new nn.MultiMarginLoss(bogus), 'reduction, p, margin, weight'],
  ['CosineSimilarity', () => new nn.CosineSimilarity(bogus), 'axis, eps'],
  ['mseLoss', () => F.mseLoss(logits, logits, bogus), 'reduction'],
  ['l1Loss', () => F.l1Loss(logits, logits, bogus), 'reduction'],
  ['smoothL1Loss', () => F.smoothL1Loss(logits, logits, bogus), 'reduction, beta'],
  ['huberLoss', () => F.huberLoss(logits, logits, bogus), 'reduction, delta'],
  ['binaryCrossEntropy', () => F.binaryCrossEntropy(logits.sigmoid(), logits.sigmoid(), bogus), 'reduction, weight'],
  ['bceWithLogits', () => F.bceWithLogits(logits, logits, bogus), 'reduction, weight, posWeight'],
  ['crossEntropy', () => F.crossEntropy(logits, labels, bogus), 'reduction, weight, ignoreIndex, labelSmoothing'],
  ['nllLoss', () => F.nllLoss(logits, labels, bogus), 'reduction, weight, ignoreIndex'],
  ['klDiv', () => F.klDiv(logits, logits, bogus), 'reduction, logTarget'],
  ['hingeEmbeddingLoss', () => F.hingeEmbeddingLoss(logits, logits, bogus), 'reduction, margin'],
  ['multiMarginLoss', () => F.multiMarginLoss(logits, labels, bogus), 'reduction, p, margin, weight'],
  ['cosineSimilarity', () => F.cosineSimilarity(logits, logits, bogus), 'axis, eps'],
  ['dropout', () => F.dropout(logits, bogus), 'p, training, generator'],
  ['embedding', () => F.embedding(labels, logits, bogus), 'paddingIdx'],
  ['layerNorm', () => F.layerNorm(logits, 3, null, null, bogus), 'eps'],
  ['batchNorm', () => F.batchNorm(logits, null, null, null, null, bogus), 'training, momentum, eps'],
  ['conv2d', () => F.conv2d(x, randn([1, 3, 3, 3]), null, bogus), 'stride, padding, dilation, groups'],
  ['conv1d', () => F.conv1d(randn([1, 3, 5]), randn([1, 3, 3]), null, bogus), 'stride, padding, dilation, groups'],
  ['maxPool2d', () => F.maxPool2d(x, 2, bogus), 'stride, padding, dilation, ceilMode, returnIndices'],
  ['avgPool2d', () => F.avgPool2d(x, 2, bogus), 'stride, padding, countIncludePad, divisorOverride, ceilMode'],
  ['interpolate', () => F.interpolate(x, bogus), 'size, scaleFactor, mode, alignCorners'],
  ['scaledDotProductAttention', () => F.scaledDotProductAttention(logits, logits, logits, bogus), 'attnMask, dropoutP, isCausal, scale, generator'],
  ['groupNorm', () => F.groupNorm(x, 3, null, null, bogus), 'eps'],
];

describe('an unknown option key is an error naming the valid keys, for every layer, loss and functional op', () => {
  it.each(ROWS)('%s', (name, call, keys) => {
    expect(call).toThrow(expect.objectContaining({ constructor: ValueError, message: `${name}: unknown option 'bogus'; valid options are ${keys}` }));
  });

  it('suggests the intended key for a misspelling or a PyTorch snake_case name', () => {
    expect(() => new nn.Linear(2, 2, { biass: false } as never)).toThrow("Linear: unknown option 'biass' (did you mean 'bias'?); valid options are bias, dtype, generator");
    expect(() => new nn.LSTM(2, 3, { batch_first: true } as never)).toThrow("LSTM: unknown option 'batch_first' (did you mean 'batchFirst'?)");
    expect(() => F.crossEntropy(logits, labels, { label_smoothing: 0.1 } as never)).toThrow("crossEntropy: unknown option 'label_smoothing' (did you mean 'labelSmoothing'?)");
  });
});
