import { readFileSync } from 'node:fs';
import type { Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { LayerNorm } from './normalization.js';
import { Transformer } from './transformer.js';
import { TransformerEncoder, TransformerEncoderLayer } from './transformer-encoder.js';
import { loadSafetensors } from '../safetensors.js';
import type { Module } from '../module.js';

// Made once by fixtures/transformer.fixture.py with PyTorch 1.13 (float64, eval mode): state dicts, inputs, outputs.
const fixture = loadSafetensors(new Uint8Array(readFileSync(new URL('../fixtures/transformer.fixture.safetensors', import.meta.url)))).tensors;

/** The entries under `prefix.`, with the prefix removed. */
function group(prefix: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(fixture)) if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return out;
}

/** Loads the PyTorch state dict of `prefix` strictly (every key must exist on both sides, same shapes). */
function load(m: Module, prefix: string): Record<string, Tensor> {
  const { src, tgt, out, pad, ...sd } = group(prefix);
  m.loadStateDict(sd);
  return { src: src!, ...(tgt ? { tgt } : {}), ...(pad ? { pad } : {}), out: out! };
}

const close = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  let worst = 0;
  x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - y[i]!))));
  expect(worst).toBeLessThan(1e-12);
};

describe('PyTorch state dicts load into the Transformer modules and give PyTorch\'s outputs (float64)', () => {
  it('TransformerEncoder: gelu, batchFirst, 2 layers, final LayerNorm, causal mask and key padding', () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: 'gelu', batchFirst: true, dtype: 'float64' });
    const enc = new TransformerEncoder(layer, 2, { norm: new LayerNorm(8, { dtype: 'float64' }) }).eval();
    const { src, pad, out } = load(enc, 'a');
    close(enc.forward(src!, { mask: Transformer.generateSquareSubsequentMask(5, { dtype: 'float64' }), srcKeyPaddingMask: pad }), out!);
    // isCausal builds the same pattern from the indices.
    close(enc.forward(src!, { isCausal: true, srcKeyPaddingMask: pad }), out!);
  });

  it('TransformerEncoderLayer: normFirst, relu, [L, N, E] layout', () => {
    const layer = new TransformerEncoderLayer(8, 4, { dimFeedforward: 12, normFirst: true, dtype: 'float64' }).eval();
    const { src, out } = load(layer, 'b');
    close(layer.forward(src!), out!);
  });

  it('Transformer: encoder-decoder with a causal target mask', () => {
    const model = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 2, dimFeedforward: 16, batchFirst: true, dtype: 'float64' }).eval();
    const { src, tgt, out } = load(model, 'c');
    close(model.forward(src!, tgt!, { tgtMask: Transformer.generateSquareSubsequentMask(4, { dtype: 'float64' }) }), out!);
    close(model.forward(src!, tgt!, { tgtIsCausal: true }), out!);
  });

  it('state-dict keys are PyTorch\'s, in PyTorch\'s order', () => {
    const enc = new TransformerEncoder(new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }), 2, { norm: new LayerNorm(8) });
    const ours = Object.keys(enc.stateDict());
    const theirs = Object.keys(group('a')).filter((k) => !['src', 'pad', 'out'].includes(k));
    expect([...ours].sort()).toEqual([...theirs].sort());
    expect(ours.slice(0, 12)).toEqual([
      'layers.0.self_attn.in_proj_weight', 'layers.0.self_attn.in_proj_bias', 'layers.0.self_attn.out_proj.weight', 'layers.0.self_attn.out_proj.bias',
      'layers.0.linear1.weight', 'layers.0.linear1.bias', 'layers.0.linear2.weight', 'layers.0.linear2.bias',
      'layers.0.norm1.weight', 'layers.0.norm1.bias', 'layers.0.norm2.weight', 'layers.0.norm2.bias',
    ]);
  });
});
