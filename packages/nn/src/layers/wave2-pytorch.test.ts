import { readFileSync } from 'node:fs';
import type { Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import * as F from '../functional/index.js';
import type { Module } from '../module.js';
import { loadSafetensors } from '../safetensors.js';
import { spectralNorm, weightNorm } from '../utils.js';
import { Conv3d, Bilinear } from './conv3d-bilinear.js';
import { EmbeddingBag } from './embedding-bag.js';
import { Linear } from './linear.js';

// Made once by fixtures/wave2.fixture.py with PyTorch 1.13 (float64): inputs, outputs and state dicts.
const fx = loadSafetensors(new Uint8Array(readFileSync(new URL('../fixtures/wave2.fixture.safetensors', import.meta.url)))).tensors;
const get = (k: string): Tensor => {
  const t = fx[k];
  if (!t) throw new Error(`fixture has no ${k}`);
  return t;
};
const stateOf = (prefix: string, keys: string[]): Record<string, Tensor> => Object.fromEntries(keys.map((k) => [k, get(`${prefix}.${k}`)]));
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  let worst = 0;
  x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - y[i]!) / Math.max(1, Math.abs(y[i]!)))));
  expect(worst).toBeLessThan(tol);
};
const loaded = <M extends Module>(m: M, prefix: string, keys: string[]): M => {
  m.loadStateDict(stateOf(prefix, keys));
  return m;
};

const [a, b, c, pm] = ['a', 'b', 'c', 'pm'].map((k) => get(`loss.${k}`)) as [Tensor, Tensor, Tensor, Tensor];
const col = (t: Tensor) => t.narrow(1, 0, 1).reshape([t.shape[0]!]);

describe('wave-2 losses match PyTorch 1.13 (float64 fixture)', () => {
  it.each(['mean', 'sum', 'none'] as const)('reduction %s', (reduction) => {
    close(F.cosineEmbeddingLoss(a, b, pm, { margin: 0.2, reduction }), get(`loss.cosemb.${reduction}`));
    close(F.tripletMarginLoss(a, b, c, { margin: 0.7, reduction }), get(`loss.triplet.${reduction}`));
    close(F.marginRankingLoss(col(a), col(b), pm, { margin: 0.3, reduction }), get(`loss.rank.${reduction}`));
    close(F.softMarginLoss(a, b.sign(), { reduction }), get(`loss.softmargin.${reduction}`));
  });

  it('triplet with p = 1 and swap; multilabel losses; Poisson and Gaussian NLL; distances', () => {
    close(F.tripletMarginLoss(a, b, c, { margin: 1.5, p: 1, swap: true }), get('loss.triplet_swap_p1'));
    close(F.multilabelSoftMarginLoss(a, get('loss.y01')), get('loss.mlsoft'));
    close(F.multilabelSoftMarginLoss(a, get('loss.y01'), { weight: get('loss.w4'), reduction: 'none' }), get('loss.mlsoft_w_none'));
    close(F.multilabelMarginLoss(a, get('loss.mlt')), get('loss.mlmargin'));
    close(F.multilabelMarginLoss(a, get('loss.mlt'), { reduction: 'none' }), get('loss.mlmargin_none'));
    const counts = get('loss.counts');
    close(F.poissonNllLoss(a, counts), get('loss.poisson'));
    close(F.poissonNllLoss(a, counts, { full: true, reduction: 'none' }), get('loss.poisson_full_none'));
    close(F.poissonNllLoss(a.abs(), counts, { logInput: false, reduction: 'sum' }), get('loss.poisson_rate'));
    close(F.gaussianNllLoss(a, b, get('loss.var')), get('loss.gauss'));
    close(F.gaussianNllLoss(a, b, get('loss.var'), { full: true, reduction: 'none' }), get('loss.gauss_full_none'));
    close(F.gaussianNllLoss(a, b, get('loss.var1'), { reduction: 'sum' }), get('loss.gauss_var1_sum'));
    close(F.pairwiseDistance(a, b), get('loss.pdist'));
    close(F.pairwiseDistance(a, b, { p: 3, keepdim: true }), get('loss.pdist_p3'));
    close(F.normalize(a, { p: 1, axis: 0 }), get('loss.normalize'));
  });

  it('ctcLoss: every reduction, zeroInfinity, an impossible alignment, 1-D targets with another blank, and the gradient through logSoftmax', () => {
    const logits = get('ctc.logits');
    const [targets, il, tl] = [get('ctc.targets'), get('ctc.il'), get('ctc.tl')];
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      close(F.ctcLoss(logits.logSoftmax(2), targets, il, tl, { reduction, zeroInfinity: true }), get(`ctc.${reduction}`), 1e-10);
    }
    const inf = F.ctcLoss(logits.logSoftmax(2), targets, il, tl, { reduction: 'none' });
    // Sample 2's 4 repeated labels need 7 frames; it has 6: an infinite loss, in PyTorch too.
    expect([inf.data()[2], get('ctc.inf_none').data()[2]]).toEqual([Infinity, Infinity]);
    close(inf.narrow(0, 0, 2), get('ctc.inf_none').narrow(0, 0, 2), 1e-10);
    const x = logits.detach().setRequiresGrad();
    F.ctcLoss(x.logSoftmax(2), targets, il, tl, { zeroInfinity: true }).backward();
    close(x.grad!, get('ctc.grad'), 1e-10);
    const two = logits.narrow(1, 0, 2).logSoftmax(2);
    close(F.ctcLoss(two, get('ctc.flat_targets_blank4'), [12, 10], [4, 2], { blank: 4, reduction: 'sum' }), get('ctc.flat_blank4'), 1e-10);
  });
});

describe('wave-2 layers match PyTorch 1.13 (float64 fixture)', () => {
  it('Conv3d with groups, and per-axis stride, padding and dilation', () => {
    const m = loaded(new Conv3d(4, 6, [3, 2, 2], { stride: [2, 1, 1], padding: [1, 0, 1], dilation: [1, 2, 1], groups: 2, dtype: 'float64' }), 'c3', ['weight', 'bias']);
    close(m.forward(get('c3.x')), get('c3.out'));
  });

  it('Bilinear', () => {
    close(loaded(new Bilinear(3, 4, 5, { dtype: 'float64' }), 'bl', ['weight', 'bias']).forward(get('bl.x1'), get('bl.x2')), get('bl.out'));
  });

  it('EmbeddingBag: mean with an empty bag, sum with paddingIdx and perSampleWeights, max over 2-D bags', () => {
    const [input, offsets] = [get('eb.input'), get('eb.offsets')];
    close(loaded(new EmbeddingBag(10, 3, { dtype: 'float64' }), 'eb', ['weight']).forward(input, offsets), get('eb.out'));
    const s = loaded(new EmbeddingBag(10, 3, { mode: 'sum', paddingIdx: 2, dtype: 'float64' }), 'ebs', ['weight']);
    close(s.forward(input, offsets, get('ebs.psw')), get('ebs.out'));
    close(loaded(new EmbeddingBag(10, 3, { mode: 'max', dtype: 'float64' }), 'ebm', ['weight']).forward(get('ebm.input')), get('ebm.out'));
  });

  it('1-D pooling, adaptive max pooling, pixel (un)shuffle and local response norm', () => {
    close(F.maxPool1d(get('pool.x1'), 3, { stride: 2, padding: 1, dilation: 2 }), get('pool.max1d'));
    close(F.avgPool1d(get('pool.x1'), 4, { stride: 3, padding: 2, countIncludePad: false }), get('pool.avg1d'));
    close(F.adaptiveMaxPool2d(get('pool.x2'), [3, 4]), get('pool.amax2d'));
    close(F.pixelShuffle(get('ps.x'), 2), get('ps.out'));
    close(F.pixelUnshuffle(get('pu.x'), 2), get('pu.out'));
    close(F.localResponseNorm(get('lrn.x'), 3, { alpha: 1e-2, beta: 0.75, k: 2 }), get('lrn.out'));
    close(F.localResponseNorm(get('lrn.x1'), 4), get('lrn.out1'));
  });

  it('spectralNorm: loads weight_orig/weight_u/weight_v, one training power iteration as PyTorch, eval uses the stored vectors', () => {
    const sn = spectralNorm(new Linear(4, 3, { dtype: 'float64' }));
    expect(Object.keys(sn.stateDict())).toEqual(['bias', 'weight_orig', 'weight_u', 'weight_v']);
    sn.loadStateDict(stateOf('sn.init', ['bias', 'weight_orig', 'weight_u', 'weight_v']));
    close(sn.forward(get('sn.x')), get('sn.out'));
    const sd = sn.stateDict();
    close(sd.weight_u!, get('sn.weight_u'));
    close(sd.weight_v!, get('sn.weight_v'));
    close(sn.eval().forward(get('sn.x')), get('sn.out_eval'));
  });

  it('weightNorm: weight_g and weight_v load from PyTorch and give its output', () => {
    const wn = weightNorm(new Linear(4, 3, { dtype: 'float64' }));
    expect(Object.keys(wn.stateDict())).toEqual(['bias', 'weight_g', 'weight_v']);
    wn.loadStateDict(stateOf('wn', ['bias', 'weight_g', 'weight_v']));
    close(wn.forward(get('wn.x')), get('wn.out'));
  });
});
