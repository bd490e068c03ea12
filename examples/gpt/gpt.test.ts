import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, noGrad, tensor } from '@nabla/autograd';
import { saveSafetensors } from '@nabla/nn';
import { describe, expect, it } from 'vitest';
import { attentionHeatmap } from './attention-svg.js';
import { loadGpt, saveGpt } from './checkpoint.js';
import { QUICK } from './config.js';
import { bigramLoss, loadMobyDick, makeVocab, randomBatch, splitTokens, windows } from './data.js';
import { generate, sampleNext } from './generate.js';
import { Gpt } from './model.js';
import { lrFactor, makeOptimizer, trainGpt } from './train.js';

const text = loadMobyDick();
const vocab = makeVocab(text);
const tokens = vocab.encode(text);
const { train, val } = splitTokens(tokens, 0.1, 0);
const V = vocab.chars.length;
const quickModel = (seed = 0): Gpt => new Gpt({ ...QUICK.model, vocabSize: V }, seed);
const run = (args: string[], cwd: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', ...args], { cwd, encoding: 'utf8' });

describe('gpt example, quick mode', () => {
  it('the validation loss starts at ln(vocab) and falls; training loss falls too', async () => {
    const history = await trainGpt(quickModel(), train, val, QUICK.train);
    expect(history.map((r) => r.step)).toEqual([0, 20, 40]);
    expect(Math.abs(history[0]!.valLoss - Math.log(V))).toBeLessThan(0.05);
    expect(history.at(-1)!.valLoss).toBeLessThan(Math.log(V) - 1);
    expect(history[2]!.valLoss).toBeLessThan(history[1]!.valLoss);
    expect(history[2]!.trainLoss).toBeLessThan(history[1]!.trainLoss);
    expect(history[2]!.tokensPerSecond).toBeGreaterThan(0);
  });

  it('main.ts --quick prints the loss table, writes the weights and both SVGs, and samples 100 characters', () => {
    const out = mkdtempSync(join(tmpdir(), 'nabla-gpt-main-'));
    try {
      const stdout = run(['main.ts', '--quick', '--out', out], import.meta.dirname);
      expect(stdout).toContain('Moby-Dick, 1,213,144 characters, 89 distinct');
      expect(stdout).toMatch(/\n {5}0 \| {10}- \| {4}4\.4\d\d \| 2\.410 \| {8}-\n/);
      expect(stdout).toMatch(/validation loss \d\.\d{3} nats\/char on 64 windows \(bigram 2\.410\)/);
      const sample = stdout.slice(stdout.lastIndexOf('The whale '));
      expect([...sample.trimEnd()].length).toBeGreaterThanOrEqual(105);
      for (const f of ['gpt.safetensors', 'gpt.f16.safetensors', 'loss.svg', 'attention.svg']) expect(existsSync(join(out, f))).toBe(true);
      expect(readFileSync(join(out, 'attention.svg'), 'utf8')).toContain('attention of block 0, head 0');

      // sample.ts reloads those weights in a fresh process and writes the same text as main.ts did.
      const again = run(['sample.ts', '--weights', join(out, 'gpt.safetensors'), '--length', '100'], import.meta.dirname);
      expect(again.trimEnd()).toBe(sample.trimEnd());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('gpt checkpoint', () => {
  it('a model reloaded from safetensors gives identical logits, under PyTorch-style names', async () => {
    const model = quickModel(3);
    await trainGpt(model, train, val, { ...QUICK.train, steps: 5, evalWindows: 4 });
    const bytes = saveGpt(model, vocab);
    const { model: fresh, vocab: v2 } = loadGpt(bytes);
    expect(v2.chars).toEqual(vocab.chars);
    expect(Object.keys(fresh.stateDict())).toContain('blocks.0.attn.qkv.weight');
    expect(Object.keys(fresh.stateDict())).toContain('tokEmb.weight');
    const x = tensor(vocab.encode('Call me Ishmael.'), { dtype: 'int32' }).reshape([1, 16]);
    model.eval();
    const [a, b] = noGrad(() => [model.forward(x).data(), fresh.forward(x).data()]);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    // The half-precision copy (for the playground) is half the size and agrees to float16 rounding.
    const half = saveGpt(model, vocab, 'float16');
    expect(half.length).toBeLessThan(bytes.length * 0.6);
    const c = noGrad(() => loadGpt(half).model.forward(x).data());
    const worst = Array.from(c).reduce((m, v, i) => Math.max(m, Math.abs(v - a![i]!)), 0);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.05);
  });

  it('loadGpt rejects a file without the config metadata', () => {
    expect(() => loadGpt(saveSafetensors(quickModel()))).toThrow('loadGpt: the file has no config/vocab metadata (was it written by saveGpt?)');
  });
});

describe('gpt model', () => {
  it('is causal: changing a later token leaves the logits of earlier positions unchanged', () => {
    const model = quickModel(1);
    const a = vocab.encode('the whale is white');
    const b = vocab.encode('the whale is black');
    const logits = (ids: Int32Array) => noGrad(() => model.forward(tensor(ids, { dtype: 'int32' }).reshape([1, ids.length])).data());
    const la = logits(a);
    const lb = logits(b);
    const upTo = 13 * V; // positions 0..12 ("the whale is ") see no changed token
    expect(Array.from(lb.subarray(0, upTo))).toEqual(Array.from(la.subarray(0, upTo)));
    expect(Array.from(lb.subarray(upTo))).not.toEqual(Array.from(la.subarray(upTo)));
  });

  it('attention weights are causal rows that sum to 1', () => {
    const model = quickModel(2);
    const w = noGrad(() => model.attentionWeights(tensor(vocab.encode('Call me'), { dtype: 'int32' }).reshape([1, 7]), 0));
    expect(w.shape).toEqual([QUICK.model.nHead, 7, 7]);
    const rows = w.toArray() as number[][][];
    for (const head of rows) {
      head.forEach((row, i) => {
        expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
        for (let j = i + 1; j < 7; j++) expect(row[j]).toBe(0);
      });
    }
    expect(() => model.attentionWeights(tensor([[1]], { dtype: 'int32' }), 1)).toThrow('Gpt.attentionWeights: layer 1 out of range [0, 1)');
  });

  it('ties the output layer to the token embedding and decays only matrices', () => {
    const model = quickModel();
    const names = model.namedParameters().map(([n]) => n);
    expect(names.some((n) => n.startsWith('head'))).toBe(false);
    const opt = makeOptimizer(model, { lr: 1e-3, weightDecay: 0.1 });
    const [decay, noDecay] = opt.paramGroups;
    expect(decay!.weightDecay).toBe(0.1);
    expect(noDecay!.weightDecay).toBe(0);
    expect(decay!.params.every((p) => p.ndim === 2)).toBe(true);
    expect(decay!.params).toContain(model.tokEmb.weight);
    expect(noDecay!.params).toContain(model.posEmb.weight);
    expect(noDecay!.params).toContain(model.lnF.weight);
    expect(decay!.params.length + noDecay!.params.length).toBe(names.length);
  });

  it('rejects a width that the heads do not divide and a context longer than blockSize', () => {
    expect(() => new Gpt({ ...QUICK.model, vocabSize: V, nEmbd: 30, nHead: 4 }, 0)).toThrow('Gpt: nEmbd 30 is not a multiple of nHead 4');
    const model = quickModel();
    expect(() => model.forward(tensor(new Int32Array(33), { dtype: 'int32' }).reshape([1, 33]))).toThrow('Gpt: 33 tokens exceed the context of 32');
  });
});

describe('gpt data, schedule and sampling', () => {
  it('loads the whole book: 139 parts, 89 distinct characters, starting with the contents', () => {
    expect(text.length).toBe(1213144);
    expect(V).toBe(89);
    expect(text.startsWith('CONTENTS')).toBe(true);
    expect(text).toContain('Call me Ishmael.');
    expect(vocab.decode(vocab.encode('Call me Ishmael.'))).toBe('Call me Ishmael.');
    expect(() => vocab.encode('é')).toThrow('encode: character "é" is not in the 89-character vocabulary');
  });

  it('splits 90/10 by seeded chunks, losing no character, the same for the same seed', () => {
    expect(train.length + val.length).toBe(tokens.length);
    expect(val.length / tokens.length).toBeCloseTo(0.1, 2);
    expect(Array.from(splitTokens(tokens, 0.1, 0).val.subarray(0, 50))).toEqual(Array.from(val.subarray(0, 50)));
    expect(Array.from(splitTokens(tokens, 0.1, 1).val.subarray(0, 50))).not.toEqual(Array.from(val.subarray(0, 50)));
    const small = splitTokens(Int32Array.from({ length: 10 }, (_, i) => i), 0.2, 0, 2);
    expect(small.val.length).toBe(2); // one of the five 2-token chunks
    expect([...small.train, ...small.val].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('windows pair each input with the next token', () => {
    const t = Int32Array.from([5, 6, 7, 8, 9]);
    const b = windows(t, [0, 2], 2);
    expect(Array.from(b.inputs)).toEqual([5, 6, 7, 8]);
    expect(Array.from(b.targets)).toEqual([6, 7, 8, 9]);
    expect(() => windows(t, [3], 2)).toThrow('windows: start 3 + 3 tokens overruns 5');
    const r = randomBatch(train, 4, 8, new Generator(0));
    expect(Array.from(r.inputs)).toEqual(Array.from(randomBatch(train, 4, 8, new Generator(0)).inputs));
  });

  it('the bigram baseline matches a hand count', () => {
    // train a b a b: counts (add-one) row a: [1, 3], row b: [2, 1]; val a a b: -(ln(1/4) + ln(3/4)) / 2
    const loss = bigramLoss(Int32Array.from([0, 1, 0, 1]), Int32Array.from([0, 0, 1]), 2);
    expect(loss).toBeCloseTo(-(Math.log(1 / 4) + Math.log(3 / 4)) / 2, 12);
  });

  it('warms up linearly, then decays along a cosine to a tenth', () => {
    expect(lrFactor(0, 10, 100)).toBeCloseTo(0.1);
    expect(lrFactor(9, 10, 100)).toBeCloseTo(1);
    expect(lrFactor(10, 10, 100)).toBeCloseTo(1);
    expect(lrFactor(55, 10, 100)).toBeCloseTo(0.55);
    expect(lrFactor(100, 10, 100)).toBeCloseTo(0.1);
  });

  it('generate is seeded, stays in the vocabulary, honours top-k 1 (greedy) and rejects bad options', () => {
    const model = quickModel(4);
    const g = (seed: number, topK?: number) => generate(model, vocab, 'Ahab', { length: 40, topK, generator: new Generator(seed) });
    expect(g(0)).toBe(g(0));
    expect(g(0)).not.toBe(g(1));
    expect([...g(0)].every((c) => vocab.chars.includes(c))).toBe(true);
    expect(g(0, 1)).toBe(g(1, 1)); // greedy: the seed does not matter
    expect(model.training).toBe(true);
    expect(() => generate(model, vocab, 'A', { length: 1, temperature: 0, generator: new Generator(0) })).toThrow('generate: temperature must be > 0, got 0');
    expect(() => generate(model, vocab, '', { length: 1, generator: new Generator(0) })).toThrow('generate: the prompt must have at least one character');
    expect(() => sampleNext(model, [], { generator: new Generator(0) })).toThrow('sampleNext: the context must have at least one token');
    expect(() => sampleNext(model, [1], { topK: 0, generator: new Generator(0) })).toThrow('sampleNext: topK must be a positive integer, got 0');
    // A context longer than blockSize is cut to its last blockSize tokens.
    const long = Array.from(vocab.encode('x'.repeat(40) + 'Ahab'));
    expect(sampleNext(model, long, { topK: 1, generator: new Generator(0) })).toBe(sampleNext(model, long.slice(-32), { topK: 1, generator: new Generator(0) }));
  });

  it('attentionHeatmap draws one cell per visible weight and checks the shape', () => {
    const svg = attentionHeatmap([[1, 0], [0.25, 0.75]], 'ab', { title: 'head' });
    expect(svg.match(/<rect x=[^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('b (1) reads a (0): 0.250');
    expect(() => attentionHeatmap([[1]], 'ab')).toThrow('attentionHeatmap: weights must be 2x2 for 2 characters, got 1x1');
  });
});
