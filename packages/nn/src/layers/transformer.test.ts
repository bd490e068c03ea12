import { Generator, ShapeError, ValueError, randn, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { scaledDotProductAttention } from '../functional/attention.js';
import { MultiheadAttention } from './attention.js';
import { LayerNorm } from './normalization.js';
import { Transformer } from './transformer.js';
import { TransformerDecoder, TransformerDecoderLayer } from './transformer-decoder.js';
import { TransformerEncoder, TransformerEncoderLayer } from './transformer-encoder.js';
import { withParameters } from './with-parameters.js';

const gen = new Generator(11);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const bad = (fn: () => unknown, cls: typeof ValueError, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: cls, message }));
const maxDiff = (a: Tensor, b: Tensor) => a.sub(b).abs().max().item();
const f64 = { dtype: 'float64' as const, generator: new Generator(5) };

describe('MultiheadAttention fused path (needWeights: false)', () => {
  it('equals the weights path, with masks and with isCausal (built from the indices or combined with padding)', () => {
    const m = new MultiheadAttention(6, 3, { batchFirst: true, ...f64 });
    const x = rnd([2, 4, 6]);
    const pad = tensor([[0, 0, 0, 1], [0, 0, 0, 0]], { dtype: 'int32' });
    const causal = tensor([[0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0]], { dtype: 'int32' });
    for (const opts of [{}, { keyPaddingMask: pad }, { attnMask: causal, keyPaddingMask: pad }]) {
      expect(maxDiff(m.forward(x, x, x, { ...opts, needWeights: false })[0], m.forward(x, x, x, opts)[0])).toBeLessThan(1e-13);
    }
    const ref = m.forward(x, x, x, { attnMask: causal })[0];
    expect(maxDiff(m.forward(x, x, x, { isCausal: true, needWeights: false })[0], ref)).toBeLessThan(1e-13);
    expect(maxDiff(m.forward(x, x, x, { isCausal: true })[0], ref)).toBeLessThan(1e-13);
    const refPad = m.forward(x, x, x, { attnMask: causal, keyPaddingMask: pad })[0];
    expect(maxDiff(m.forward(x, x, x, { isCausal: true, keyPaddingMask: pad, needWeights: false })[0], refPad)).toBeLessThan(1e-13);
  });

  it('passes gradcheck through the fused kernel w.r.t. inputs and parameters', () => {
    const m = new MultiheadAttention(4, 2, f64);
    const f = (q: Tensor, ...ws: Tensor[]) => withParameters(m, ws, () => m.forward(q, q, q, { isCausal: true, needWeights: false })[0]);
    expect(gradcheck(f, [rnd([3, 1, 4]), ...m.parameters()], { fullJacobianLimit: 64 })).toBe(true);
  });

  it('rejects unknown forward options, naming the valid ones', () => {
    const m = new MultiheadAttention(4, 2);
    const x = randn([3, 4]);
    bad(() => m.forward(x, x, x, { need_weights: false } as never), ValueError, "MultiheadAttention(embedDim=4, numHeads=2): unknown option 'need_weights' (did you mean 'needWeights'?); valid options are attnMask, keyPaddingMask, needWeights, averageAttnWeights, isCausal");
    bad(() => new MultiheadAttention(4, 2, { batch_first: true } as never), ValueError, "MultiheadAttention: unknown option 'batch_first' (did you mean 'batchFirst'?); valid options are dropout, bias, batchFirst, kdim, vdim, dtype, generator, addBiasKv, addZeroAttn");
  });
});

describe('F.scaledDotProductAttention', () => {
  it('without dropout is the fused op; with dropoutP it drops weights, seeded, and keeps the same errors', () => {
    const [q, k, v] = [rnd([2, 3, 4]), rnd([2, 5, 4]), rnd([2, 5, 2])];
    const ref = q.matmul(k.transpose(-2, -1)).mul(0.5).softmax(-1).matmul(v);
    expect(maxDiff(scaledDotProductAttention(q, k, v), ref)).toBeLessThan(1e-14);
    const a = scaledDotProductAttention(q, k, v, { dropoutP: 0.5, generator: new Generator(1) });
    const b = scaledDotProductAttention(q, k, v, { dropoutP: 0.5, generator: new Generator(1) });
    expect(a.toArray()).toEqual(b.toArray());
    expect(maxDiff(a, ref)).toBeGreaterThan(1e-3);
    const causal = scaledDotProductAttention(q, k, v, { isCausal: true, dropoutP: 0.3, generator: new Generator(2) });
    expect(causal.shape).toEqual([2, 3, 2]);
    bad(() => scaledDotProductAttention(q, k, v, { dropoutP: 1 }), ValueError, 'scaledDotProductAttention: dropout probability p must be a number in [0, 1), got number 1');
    bad(() => scaledDotProductAttention(q, rnd([2, 5, 3]), v, { dropoutP: 0.1 }), ShapeError, 'scaledDotProductAttention: expected query [..., L, E], key [..., S, E] and value [..., S, Ev] (E and S shared), got query [2,3,4], key [2,5,3], value [2,5,2]');
    bad(() => scaledDotProductAttention(q, k, v, { dropout: 0.1 } as never), ValueError, "scaledDotProductAttention: unknown option 'dropout' (did you mean 'dropoutP'?); valid options are attnMask, dropoutP, isCausal, scale, generator");
  });
});

describe('Transformer layers', () => {
  it('TransformerEncoderLayer: PyTorch defaults, copies in TransformerEncoder start equal, eval is deterministic', () => {
    const layer = new TransformerEncoderLayer(8, 2);
    expect(layer.linear1.weight.shape).toEqual([2048, 8]);
    expect(layer.dropout.p).toBe(0.1);
    expect(layer.norm1.eps).toBe(1e-5);
    const small = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, ...f64 });
    const enc = new TransformerEncoder(small, 2);
    expect(enc.layers.length).toBe(2);
    const [w0, w1] = [0, 1].map((i) => (enc.layers[i] as TransformerEncoderLayer).linear1.weight);
    expect(w0!.toArray()).toEqual(small.linear1.weight.toArray());
    expect(w0).not.toBe(w1); // copies, not shared
    expect(w0!.toArray()).toEqual(w1!.toArray());
    const x = rnd([3, 2, 4]);
    enc.eval();
    expect(enc.forward(x).toArray()).toEqual(enc.forward(x).toArray());
    enc.train();
    expect(maxDiff(enc.forward(x), enc.forward(x))).toBeGreaterThan(0); // dropout 0.1 in training
  });

  it('gradcheck (float64): encoder layer (post-norm, gelu) and decoder layer (pre-norm), inputs and every parameter', () => {
    const enc = new TransformerEncoderLayer(4, 2, { dimFeedforward: 3, activation: 'gelu', ...f64 }).eval();
    const f = (x: Tensor, ...ws: Tensor[]) => withParameters(enc, ws, () => enc.forward(x, { isCausal: true }));
    expect(gradcheck(f, [rnd([3, 1, 4]), ...enc.parameters()], { fullJacobianLimit: 64 })).toBe(true);
    const dec = new TransformerDecoderLayer(4, 2, { dimFeedforward: 3, normFirst: true, batchFirst: true, ...f64 }).eval();
    const g = (t: Tensor, m: Tensor, ...ws: Tensor[]) => withParameters(dec, ws, () => dec.forward(t, m, { tgtIsCausal: true }));
    expect(gradcheck(g, [rnd([1, 2, 4]), rnd([1, 3, 4]), ...dec.parameters()], { fullJacobianLimit: 64 })).toBe(true);
  });

  it('Transformer: names, xavier re-initialisation, causal target equals the square subsequent mask', () => {
    const model = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16, ...f64 }).eval();
    const names = Object.keys(model.stateDict());
    expect(names).toContain('encoder.layers.0.self_attn.in_proj_weight');
    expect(names).toContain('decoder.layers.0.multihead_attn.out_proj.bias');
    expect(names.filter((n) => n.endsWith('norm.weight'))).toEqual(['encoder.norm.weight', 'decoder.norm.weight']);
    const bound = Math.sqrt(6 / (8 + 16)); // xavier for linear1 [16, 8]
    const w = (model.encoder as TransformerEncoder).layers[0] as TransformerEncoderLayer;
    expect(w.linear1.weight.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(Transformer.generateSquareSubsequentMask(3).toArray()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    const [src, tgt] = [rnd([5, 2, 8]), rnd([3, 2, 8])];
    const out = model.forward(src, tgt, { tgtIsCausal: true });
    expect(out.shape).toEqual([3, 2, 8]);
    expect(maxDiff(out, model.forward(src, tgt, { tgtMask: Transformer.generateSquareSubsequentMask(3, { dtype: 'float64' }) }))).toBeLessThan(1e-13);
    const dec = new TransformerDecoder(new TransformerDecoderLayer(8, 2, { dimFeedforward: 4 }), 2, { norm: new LayerNorm(8) });
    expect(dec.layers.length).toBe(2);
  });

  it('rejects bad inputs and options, naming the layer, the shapes and the valid keys', () => {
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6 });
    const x = randn([3, 2, 4]);
    const before = layer.stateDict();
    bad(() => layer.forward(randn([3, 2, 5])), ShapeError, 'TransformerEncoderLayer(dModel=4, nhead=2): src must be [L, N, 4] or unbatched [L, 4], got [3,2,5]');
    bad(() => layer.forward(x, { mask: null } as never), ValueError, "TransformerEncoderLayer(dModel=4, nhead=2): unknown option 'mask'; valid options are srcMask, srcKeyPaddingMask, isCausal");
    bad(() => new TransformerEncoderLayer(4, 2, { dim_feedforward: 8 } as never), ValueError, "TransformerEncoderLayer: unknown option 'dim_feedforward' (did you mean 'dimFeedforward'?); valid options are dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator");
    bad(() => new TransformerEncoderLayer(4, 2, { activation: 'tanh' } as never), ValueError, "TransformerEncoderLayer: activation must be 'relu', 'gelu' or a function, got the string \"tanh\"");
    bad(() => new TransformerEncoderLayer(5, 2), ValueError, 'MultiheadAttention: embedDim (5) must be divisible by numHeads (2)');
    bad(() => new TransformerEncoder(layer, 0), ValueError, 'TransformerEncoder: numLayers must be an integer >= 1, got number 0');
    bad(() => new TransformerEncoder({} as never, 2), ValueError, 'TransformerEncoder: encoderLayer must be a TransformerEncoderLayer, got an object (Object)');
    const dec = new TransformerDecoderLayer(4, 2, { dimFeedforward: 6 });
    bad(() => dec.forward(x, randn([3, 2, 3])), ShapeError, 'TransformerDecoderLayer(dModel=4, nhead=2): memory must be [L, N, 4] or unbatched [L, 4], got [3,2,3]');
    const model = new Transformer({ dModel: 4, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 6 });
    bad(() => model.forward(x, randn([3, 1, 4])), ShapeError, 'Transformer(dModel=4, nhead=2): src and tgt must both be [·, N, E] with the same N (or both unbatched) and E = 4, got src [3,2,4] and tgt [3,1,4]');
    bad(() => new Transformer({ d_model: 4 } as never), ValueError, "Transformer: unknown option 'd_model' (did you mean 'dModel'?); valid options are dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator, dModel, nhead, numEncoderLayers, numDecoderLayers, customEncoder, customDecoder");
    expect(Object.entries(layer.stateDict()).every(([k, t]) => t.toArray().toString() === before[k]!.toArray().toString())).toBe(true);
  });
});
