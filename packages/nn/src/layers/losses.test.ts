import { Generator, ValueError, rand, randn, tensor, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import * as F from '../functional/losses.js';
import {
  BCELoss, BCEWithLogitsLoss, CosineSimilarity, CrossEntropyLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, L1Loss,
  MSELoss, MultiMarginLoss, NLLLoss, SmoothL1Loss,
} from './losses.js';

const g = new Generator(9);
const a = randn([4, 3], { dtype: 'float64', generator: g });
const b = randn([4, 3], { dtype: 'float64', generator: g });
const p = rand([4, 3], { dtype: 'float64', generator: g }).mul(0.8).add(0.1);
const y01 = rand([4, 3], { dtype: 'float64', generator: g });
const cls = tensor([0, 2, 1, 2], { dtype: 'int32' });
const w = tensor([1, 2, 0.5], { dtype: 'float64' });
const pm1 = tensor([[1, -1, 1], [-1, -1, 1], [1, 1, 1], [-1, 1, -1]], { dtype: 'float64' });

describe('loss modules call the functional forms with their options', () => {
  const rows: [string, { forward(x: Tensor, y: Tensor): Tensor }, Tensor, Tensor, () => Tensor][] = [
    ['MSELoss', new MSELoss({ reduction: 'sum' }), a, b, () => F.mseLoss(a, b, { reduction: 'sum' })],
    ['L1Loss', new L1Loss(), a, b, () => F.l1Loss(a, b)],
    ['SmoothL1Loss', new SmoothL1Loss({ beta: 0.3 }), a, b, () => F.smoothL1Loss(a, b, { beta: 0.3 })],
    ['HuberLoss', new HuberLoss({ delta: 0.4, reduction: 'none' }), a, b, () => F.huberLoss(a, b, { delta: 0.4, reduction: 'none' })],
    ['BCELoss', new BCELoss({ weight: w }), p, y01, () => F.binaryCrossEntropy(p, y01, { weight: w })],
    ['BCEWithLogitsLoss', new BCEWithLogitsLoss({ posWeight: w }), a, y01, () => F.bceWithLogits(a, y01, { posWeight: w })],
    ['CrossEntropyLoss', new CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }), a, cls, () => F.crossEntropy(a, cls, { weight: w, labelSmoothing: 0.1 })],
    ['NLLLoss', new NLLLoss({ ignoreIndex: 1 }), a.logSoftmax(1), cls, () => F.nllLoss(a.logSoftmax(1), cls, { ignoreIndex: 1 })],
    ['KLDivLoss', new KLDivLoss({ reduction: 'batchmean' }), a.logSoftmax(1), y01, () => F.klDiv(a.logSoftmax(1), y01, { reduction: 'batchmean' })],
    ['HingeEmbeddingLoss', new HingeEmbeddingLoss({ margin: 0.5 }), a, pm1, () => F.hingeEmbeddingLoss(a, pm1, { margin: 0.5 })],
    ['MultiMarginLoss', new MultiMarginLoss({ p: 2, weight: w }), a, cls, () => F.multiMarginLoss(a, cls, { p: 2, weight: w })],
    ['CosineSimilarity', new CosineSimilarity({ axis: 0 }), a, b, () => F.cosineSimilarity(a, b, { axis: 0 })],
  ];
  it.each(rows)('%s', (_, m, x, y, ref) => {
    expect(m.forward(x, y).data()).toEqual(ref().data());
  });
});

describe('loss module state', () => {
  it('class weights are buffers with PyTorch names, in the state dict and converted by to()', () => {
    const ce = new CrossEntropyLoss({ weight: tensor([1, 2, 3]) });
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    expect(Object.keys(new BCEWithLogitsLoss({ posWeight: tensor([2]) }).stateDict())).toEqual(['pos_weight']);
    expect(new MSELoss().stateDict()).toEqual({});
    ce.to('float64');
    expect(ce.getBuffer('weight')!.dtype).toBe('float64');
    expect(ce.forward(a, cls).item()).toBeCloseTo(F.crossEntropy(a, cls, { weight: tensor([1, 2, 3], { dtype: 'float64' }) }).item(), 12);
  });

  it('validate reduction and weights at construction', () => {
    expect(() => new MSELoss({ reduction: 'avg' as 'sum' })).toThrow("MSELoss: reduction must be one of 'mean', 'sum', 'none', got the string \"avg\"");
    expect(() => new CrossEntropyLoss({ weight: [1, 2] as unknown as Tensor })).toThrow(/CrossEntropyLoss: weight must be a Tensor, got an array of length 2/);
    expect(() => new L1Loss(5 as never)).toThrow(ValueError);
    expect(new HuberLoss().extraRepr()).toBe("reduction='mean'");
  });
});
