import { Generator, linalg, randn, tensor, unfold, zeros, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import * as F from '../functional/index.js';
import * as nn from '../index.js';

const g = new Generator(5);
const r = (shape: number[]) => randn(shape, { dtype: 'float64', generator: g });
const i32 = (d: number[] | number[][]) => tensor(d, { dtype: 'int32' });
const same = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(a.data())).toEqual(Array.from(b.data()));
};

describe('wave-2 loss modules call the functional forms with their options', () => {
  const [a, b, c] = [r([4, 3]), r([4, 3]), r([4, 3])];
  const pm = tensor([1, -1, -1, 1], { dtype: 'float64' });
  const rows: [string, () => Tensor, () => Tensor][] = [
    ['CosineEmbeddingLoss', () => new nn.CosineEmbeddingLoss({ margin: 0.1 }).forward(a, b, pm), () => F.cosineEmbeddingLoss(a, b, pm, { margin: 0.1 })],
    ['MarginRankingLoss', () => new nn.MarginRankingLoss({ reduction: 'sum' }).forward(a, b, a.sign()), () => F.marginRankingLoss(a, b, a.sign(), { reduction: 'sum' })],
    ['TripletMarginLoss', () => new nn.TripletMarginLoss({ swap: true, p: 1 }).forward(a, b, c), () => F.tripletMarginLoss(a, b, c, { swap: true, p: 1 })],
    ['SoftMarginLoss', () => new nn.SoftMarginLoss({ reduction: 'none' }).forward(a, b.sign()), () => F.softMarginLoss(a, b.sign(), { reduction: 'none' })],
    ['MultiLabelMarginLoss', () => new nn.MultiLabelMarginLoss().forward(a, i32([[0, -1, 0], [1, 2, -1], [2, 0, 1], [-1, 0, 0]])), () => F.multilabelMarginLoss(a, i32([[0, -1, 0], [1, 2, -1], [2, 0, 1], [-1, 0, 0]]))],
    ['PoissonNLLLoss', () => new nn.PoissonNLLLoss({ full: true }).forward(a, c.abs()), () => F.poissonNllLoss(a, c.abs(), { full: true })],
    ['GaussianNLLLoss', () => new nn.GaussianNLLLoss({ eps: 0.1 }).forward(a, b, c.abs()), () => F.gaussianNllLoss(a, b, c.abs(), { eps: 0.1 })],
    ['CTCLoss', () => new nn.CTCLoss({ blank: 2, reduction: 'sum' }).forward(a.reshape([4, 1, 3]).logSoftmax(2), i32([[1, 0]]), [4], [2]), () => F.ctcLoss(a.reshape([4, 1, 3]).logSoftmax(2), i32([[1, 0]]), [4], [2], { blank: 2, reduction: 'sum' })],
  ];
  it.each(rows)('%s', (_, m, f) => same(m(), f()));

  it('MultiLabelSoftMarginLoss keeps its class weight as the buffer `weight` (state dict and to())', () => {
    const m = new nn.MultiLabelSoftMarginLoss({ weight: tensor([1, 2, 3]) });
    expect(Object.keys(m.stateDict())).toEqual(['weight']);
    m.to('float64');
    same(m.forward(a, b.gt(0).astype('float64')), F.multilabelSoftMarginLoss(a, b.gt(0).astype('float64'), { weight: tensor([1, 2, 3], { dtype: 'float64' }) }));
  });
});

describe('CTC and margin-loss semantics', () => {
  it('ctcLoss of a one-frame, one-label sequence is -log p(label); mean divides by the target length', () => {
    const lp = tensor([[[Math.log(0.2), Math.log(0.7), Math.log(0.1)]]], { dtype: 'float64' });
    expect(F.ctcLoss(lp, i32([[1]]), [1], [1], { reduction: 'none' }).data()[0]).toBeCloseTo(-Math.log(0.7), 14);
    // Two frames, label [1]: paths 1-1, 0-1, 1-0 (0 = blank).
    const p = [[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]];
    const lp2 = tensor(p.map((row) => [row.map((v) => Math.log(v))]), { dtype: 'float64' });
    const want = -Math.log(0.7 * 0.3 + 0.2 * 0.3 + 0.7 * 0.5);
    expect(F.ctcLoss(lp2, i32([[1]]), [2], [1], { reduction: 'sum' }).item()).toBeCloseTo(want, 14);
    expect(F.ctcLoss(lp2, i32([[1, 2]]), [2], [2]).item()).toBeCloseTo(-Math.log(0.7 * 0.2) / 2, 14);
    // zeroInfinity zeroes an impossible alignment and its gradient.
    const x = lp2.detach().setRequiresGrad();
    const l = F.ctcLoss(x, i32([[1, 1]]), [2], [2], { zeroInfinity: true, reduction: 'sum' });
    l.backward();
    expect([l.item(), ...Array.from(x.grad!.data())]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('ctcLoss takes one unbatched sequence ([T, C] with targets [S])', () => {
    const lp = r([6, 4]).logSoftmax(1);
    same(F.ctcLoss(lp, i32([1, 3, 3]), [6], [3], { reduction: 'none' }), F.ctcLoss(lp.unsqueeze(1), i32([[1, 3, 3]]), [6], [3], { reduction: 'none' }).reshape([]));
  });

  it('gaussianNllLoss clamps the variance to eps without cutting its gradient (as PyTorch)', () => {
    const v = tensor([1e-9, 2], { dtype: 'float64' }).setRequiresGrad();
    const x = tensor([0.5, 1], { dtype: 'float64' });
    const loss = F.gaussianNllLoss(x, zeros([2], { dtype: 'float64' }), v, { eps: 1e-3, reduction: 'sum' });
    expect(loss.item()).toBeCloseTo(0.5 * (Math.log(1e-3) + 0.25 / 1e-3) + 0.5 * (Math.log(2) + 1 / 2), 10);
    loss.backward();
    const gv = v.grad!.data();
    expect(gv[0]).toBeCloseTo(0.5 * (1 / 1e-3 - 0.25 / 1e-6), 6); // d/dv at the clamped value, passed straight through
    expect(gv[1]).toBeCloseTo(0.5 * (1 / 2 - 1 / 4), 12);
  });

  it('oneHot and normalize', () => {
    same(F.oneHot(i32([[0, 2], [1, 1]])), tensor([[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0]]], { dtype: 'int32' }));
    expect(F.oneHot(i32([1]), 4).shape).toEqual([1, 4]);
    const n = F.normalize(tensor([[3, 0], [4, 0]], { dtype: 'float64' }), { axis: 0 });
    same(n, tensor([[0.6, 0], [0.8, 0]], { dtype: 'float64' })); // the zero column stays 0 (divided by eps)
    expect(F.normalize(tensor([[1, -1, 2]], { dtype: 'float64' }), { p: 1, axis: -1 }).data()[2]).toBe(0.5);
  });
});

describe('wave-2 layers', () => {
  it('state dicts use PyTorch names and shapes', () => {
    const shapes = (m: nn.Module) => Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.shape]));
    expect(shapes(new nn.Conv3d(4, 6, [3, 2, 1], { groups: 2 }))).toEqual({ weight: [6, 2, 3, 2, 1], bias: [6] });
    expect(shapes(new nn.Bilinear(3, 4, 5, { bias: false }))).toEqual({ weight: [5, 3, 4] });
    expect(shapes(new nn.EmbeddingBag(7, 2))).toEqual({ weight: [7, 2] });
    for (const m of [new nn.MaxPool1d(2), new nn.AvgPool1d(2), new nn.AdaptiveMaxPool2d(1), new nn.PixelShuffle(2), new nn.Unfold(2), new nn.Fold(4, 2), new nn.LocalResponseNorm(3), new nn.Dropout1d(), new nn.AlphaDropout(), new nn.PairwiseDistance()]) {
      expect(m.stateDict()).toEqual({});
    }
  });

  it("Conv3d 'same' padding keeps D, H, W; a Dirac-initialised Conv3d is the identity", () => {
    const conv = new nn.Conv3d(2, 2, 3, { padding: 'same', bias: false, dtype: 'float64' });
    nn.init.dirac(conv.weight);
    const x = r([1, 2, 3, 4, 5]);
    same(conv.forward(x), x);
  });

  it('EmbeddingBag: paddingIdx row starts at 0 and is left out of the mean; includeLastOffset; empty bags give zeros', () => {
    const bag = new nn.EmbeddingBag(5, 2, { paddingIdx: 1, dtype: 'float64', generator: new Generator(1) });
    expect(Array.from(bag.weight.data().slice(2, 4))).toEqual([0, 0]);
    const w = bag.weight;
    const mean = bag.forward(i32([0, 1, 2, 3]), i32([0, 2, 4]));
    same(mean.narrow(0, 0, 1), w.narrow(0, 0, 1)); // bag [0, pad]: only row 0, divided by 1
    same(mean.narrow(0, 2, 1), zeros([1, 2], { dtype: 'float64' })); // empty bag
    const last = new nn.EmbeddingBag(5, 2, { mode: 'sum', includeLastOffset: true, dtype: 'float64' });
    const sums = last.forward(i32([0, 2, 3, 4]), i32([0, 1, 4]));
    same(sums, F.embeddingBag(i32([0, 2, 3, 4]), last.weight, i32([0, 1]), { mode: 'sum' }));
    expect(() => new nn.EmbeddingBag(5, 2, { sparse: true })).toThrow('EmbeddingBag: option sparse is not supported; got boolean true, only false (the default) is supported');
  });

  it('Dropout1d/2d drop whole channels and scale the rest; identity in eval; seeded', () => {
    const x = zeros([8, 16, 3, 2]).add(1);
    const y = new nn.Dropout2d({ p: 0.5, generator: new Generator(3) }).forward(x).reshape([128, 6]).data();
    let dropped = 0;
    for (let ch = 0; ch < 128; ch++) {
      const vals = new Set(Array.from(y.slice(ch * 6, ch * 6 + 6)));
      expect(vals.size).toBe(1);
      const v = [...vals][0];
      expect([0, 2]).toContain(v);
      if (v === 0) dropped++;
    }
    expect(dropped).toBeGreaterThan(40);
    expect(dropped).toBeLessThan(88);
    same(new nn.Dropout2d({ p: 0.5, generator: new Generator(3) }).forward(x), new nn.Dropout2d({ p: 0.5, generator: new Generator(3) }).forward(x));
    same(new nn.Dropout1d(0.9).eval().forward(x.reshape([8, 16, 6])), x.reshape([8, 16, 6]));
    const d1 = new nn.Dropout1d({ p: 0.3, generator: new Generator(2) }).forward(zeros([16, 5]).add(1)).data();
    for (let ch = 0; ch < 16; ch++) expect(new Set(Array.from(d1.slice(ch * 5, ch * 5 + 5))).size).toBe(1);
  });

  it('AlphaDropout keeps zero mean and unit variance of a standard normal input; dropped values share one value; identity in eval', () => {
    const x = randn([40000], { dtype: 'float64', generator: new Generator(8) });
    const m = new nn.AlphaDropout({ p: 0.2, generator: new Generator(9) });
    const y = m.forward(x);
    expect(Math.abs(y.mean().item())).toBeLessThan(0.02);
    expect(Math.abs(y.var().item() - 1)).toBeLessThan(0.03);
    const a = 1 / Math.sqrt((1.7580993408473766 ** 2 * 0.2 + 1) * 0.8);
    const droppedValue = -1.7580993408473766 * a + 1.7580993408473766 * a * 0.2;
    const count = Array.from(y.data()).filter((v) => Math.abs(v - droppedValue) < 1e-15).length;
    expect(count / 40000).toBeGreaterThan(0.19);
    expect(count / 40000).toBeLessThan(0.21);
    same(m.eval().forward(x), x);
  });

  it('Unfold then Fold with non-overlapping blocks is the identity (batched and not)', () => {
    const x = r([2, 3, 4, 6]);
    same(new nn.Fold([4, 6], 2, { stride: 2 }).forward(new nn.Unfold(2, { stride: 2 }).forward(x)), x);
    const one = x.select(0, 1);
    same(new nn.Fold([4, 6], 2, { stride: 2 }).forward(new nn.Unfold(2, { stride: 2 }).forward(one)), one);
    same(new nn.Unfold([2, 3], { padding: 1, dilation: [1, 2] }).forward(x), unfold(x, [2, 3], { padding: 1, dilation: [1, 2] }));
  });

  it('the parameter-free modules equal their functional forms', () => {
    const x = r([2, 8, 4, 6]);
    same(new nn.PixelShuffle(2).forward(x), F.pixelShuffle(x, 2));
    same(new nn.PixelUnshuffle(2).forward(x), F.pixelUnshuffle(x, 2));
    same(new nn.PixelUnshuffle(2).forward(new nn.PixelShuffle(2).forward(x)), x);
    same(new nn.LocalResponseNorm(3, { k: 2 }).forward(x), F.localResponseNorm(x, 3, { k: 2 }));
    same(new nn.AdaptiveMaxPool2d([2, null]).forward(x), F.adaptiveMaxPool2d(x, [2, 6]));
    same(new nn.AdaptiveMaxPool2d(1).forward(x), x.amax([2, 3], true));
    same(new nn.MaxPool1d(2, { padding: 1 }).forward(x.select(0, 0)), F.maxPool1d(x.select(0, 0), 2, { padding: 1 }));
    same(new nn.AvgPool1d(3, { stride: 1 }).forward(x.select(0, 0)), F.avgPool1d(x.select(0, 0), 3, { stride: 1 }));
    same(new nn.PairwiseDistance({ p: 1, keepdim: true }).forward(x, x.flip(3)), F.pairwiseDistance(x, x.flip(3), { p: 1, keepdim: true }));
  });
});

describe('init.truncNormal, init.dirac, init.eye', () => {
  it('truncNormal stays in [a, b] with the truncated normal moments; seeded', () => {
    const t = nn.init.truncNormal(zeros([20000], { dtype: 'float64' }), { generator: new Generator(4) });
    const d = Array.from(t.data());
    expect(Math.min(...d)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...d)).toBeLessThanOrEqual(2);
    expect(Math.abs(t.mean().item())).toBeLessThan(0.02);
    expect(Math.abs(t.std().item() - 0.8796)).toBeLessThan(0.015); // sd of N(0, 1) cut at +-2
    const s = nn.init.truncNormal(zeros([1000], { dtype: 'float64' }), { mean: 1, std: 0.02, a: 0.99, b: 1.5, generator: new Generator(4) });
    expect(Math.min(...Array.from(s.data()))).toBeGreaterThanOrEqual(0.99);
    same(nn.init.truncNormal(zeros([5]), { generator: new Generator(1) }), nn.init.truncNormal(zeros([5]), { generator: new Generator(1) }));
  });

  it('dirac with groups and eye', () => {
    const w = nn.init.dirac(zeros([4, 2, 3]), 2);
    const x = r([1, 4, 6]);
    same(F.conv1d(x, w.astype('float64'), null, { padding: 1, groups: 2 }), x);
    same(nn.init.eye(zeros([2, 3])), tensor([[1, 0, 0], [0, 1, 0]]));
  });
});

describe('utils', () => {
  it('parametersToVector and vectorToParameters round-trip; the vector is differentiable', () => {
    const fc = new nn.Linear(3, 2, { dtype: 'float64' });
    const v = nn.utils.parametersToVector(fc.parameters());
    expect(v.shape).toEqual([8]);
    nn.utils.vectorToParameters(v.mul(2).detach(), fc.parameters());
    same(nn.utils.parametersToVector(fc.parameters()).detach(), v.mul(2).detach());
    nn.utils.parametersToVector(fc.parameters()).square().sum().backward();
    same(fc.weight.grad!, fc.weight.mul(2).detach());
  });

  it('weightNorm keeps the output, trains g and v, and recomputes the weight each forward', () => {
    const fc = new nn.Linear(3, 2, { dtype: 'float64', generator: new Generator(2) });
    const x = r([4, 3]);
    const before = fc.forward(x);
    nn.utils.weightNorm(fc);
    expect(fc.namedParameters().map(([n]) => n)).toEqual(['bias', 'weight_g', 'weight_v']);
    expect(Math.max(...Array.from(fc.forward(x).sub(before).abs().data()))).toBeLessThan(1e-14);
    fc.forward(x).sum().backward();
    const [gp, vp] = [fc.stateDict().weight_g!, fc.parameters()[2]!];
    expect(gp.shape).toEqual([2, 1]);
    expect(vp.grad).not.toBeNull();
    nn.utils.vectorToParameters(nn.utils.parametersToVector(fc.parameters()).detach().mul(0).add(1), fc.parameters());
    // g = 1 and v = ones: every weight row is ones / sqrt(3), so y = 1 + sum(x) / sqrt(3).
    expect(Math.max(...Array.from(fc.forward(x).sub(x.sum(1, true).div(Math.sqrt(3)).add(1)).abs().data()))).toBeLessThan(1e-14);
  });

  it('spectralNorm views conv weights as [out, -1], and ConvTranspose weights along dim 1, as PyTorch', () => {
    const conv = nn.utils.spectralNorm(new nn.Conv2d(3, 4, 2, { dtype: 'float64' }), 'weight', { nPowerIterations: 60 });
    const ct = nn.utils.spectralNorm(new nn.ConvTranspose2d(3, 5, 2, { dtype: 'float64' }), 'weight', { nPowerIterations: 60 });
    conv.forward(r([1, 3, 4, 4]));
    ct.forward(r([1, 3, 4, 4]));
    const top = (t: Tensor) => linalg.svdvals(t).data()[0]!;
    const w1 = (conv as unknown as { weight: Tensor }).weight;
    expect(top(w1.reshape([4, 12]))).toBeCloseTo(1, 6);
    const w2 = (ct as unknown as { weight: Tensor }).weight; // [3, 5, 2, 2]: out axis 1
    expect(top(w2.permute(1, 0, 2, 3).reshape([5, 12]))).toBeCloseTo(1, 6);
    expect(Object.keys(ct.stateDict())).toEqual(['bias', 'weight_orig', 'weight_u', 'weight_v']);
    expect(ct.stateDict().weight_u!.shape).toEqual([5]);
  });

  it('spectralNorm converges to the largest singular value and keeps the parameter object as weight_orig', () => {
    const fc = new nn.Linear(5, 4, { dtype: 'float64', generator: new Generator(6) });
    const w = fc.weight;
    nn.utils.spectralNorm(fc, 'weight', { nPowerIterations: 50, generator: new Generator(7) });
    expect(fc.parameters()).toContain(w);
    expect(fc.namedParameters().map(([n]) => n)).toEqual(['bias', 'weight_orig']);
    fc.forward(r([1, 5]));
    const normed = (fc as unknown as { weight: Tensor }).weight;
    expect(linalg.svdvals(normed).data()[0]).toBeCloseTo(1, 10);
    const sigma = linalg.svdvals(w).data()[0]!;
    same(normed.mul(sigma).sub(w).abs().lt(1e-9), zeros([4, 5], { dtype: 'int32' }).add(1));
  });
});
