/**
 * The word list (examples/data/words.txt: lowercase English words), its 27-token vocabulary (a boundary
 * token '.' then a..z), padded batches for next-character prediction, and a bigram baseline to beat.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Generator } from '@nabla/autograd';

/** Where the bundled word list lives (see examples/data/README.md for provenance and licence). */
export const WORDS_PATH = fileURLToPath(new URL('../data/words.txt', import.meta.url));

/** Token 0 marks both ends of a word: the model reads it first and predicts it after the last letter. */
export const BOUNDARY = 0;
/** '.', then 'a'..'z' as tokens 1..26. */
export const VOCAB = ['.', ...'abcdefghijklmnopqrstuvwxyz'];
export const VOCAB_SIZE = VOCAB.length;
/** Target value of padding positions; crossEntropy's default ignoreIndex, so padding adds no loss. */
export const IGNORE = -100;

/**
 * Reads one word per line; every word must match ^[a-z]+$.
 * @example loadWords().length; // 63875
 */
export function loadWords(path: string = WORDS_PATH): string[] {
  const words = readFileSync(path, 'utf8').split('\n').filter((w) => w !== '');
  const bad = words.findIndex((w) => !/^[a-z]+$/.test(w));
  if (bad >= 0) throw new Error(`loadWords: ${path} line ${bad + 1} is ${JSON.stringify(words[bad])}, expected lowercase a-z only`);
  return words;
}

/** Token ids of a word (a..z -> 1..26), without boundaries. */
export const encode = (word: string): number[] => Array.from(word, (ch) => ch.charCodeAt(0) - 96);

/** The word spelled by token ids, stopping at the first boundary. */
export function decode(ids: readonly number[]): string {
  const end = ids.indexOf(BOUNDARY);
  return (end < 0 ? ids : ids.slice(0, end)).map((i) => VOCAB[i]).join('');
}

/** `items` in a seeded random order (Fisher-Yates), as a new array. */
export function shuffle<T>(items: readonly T[], g: Generator): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Seeded split into training words and `valCount` held-out words.
 * @example const { train, val } = splitWords(loadWords(), 2000);
 */
export function splitWords(words: readonly string[], valCount: number, seed = 0): { train: string[]; val: string[] } {
  const order = shuffle(words, new Generator(seed));
  return { train: order.slice(valCount), val: order.slice(0, valCount) };
}

/** A padded batch: `inputs` [count, length] and `targets` [count * length], both row-major. */
export interface Batch {
  count: number;
  length: number;
  inputs: Int32Array;
  targets: Int32Array;
}

/**
 * Next-character pairs for `words`: word "ab" reads ". a b" and must predict "a b .". Rows are padded to the
 * longest word + 1 with inputs 0 and targets IGNORE.
 * @example makeBatch(['ab', 'c']); // inputs [[0,1,2],[0,3,0]], targets [1,2,0, 3,0,-100]
 */
export function makeBatch(words: readonly string[]): Batch {
  const length = Math.max(...words.map((w) => w.length)) + 1;
  const inputs = new Int32Array(words.length * length);
  const targets = new Int32Array(words.length * length).fill(IGNORE);
  words.forEach((w, r) => {
    const ids = encode(w);
    inputs.set(ids, r * length + 1);
    targets.set(ids, r * length);
    targets[r * length + ids.length] = BOUNDARY;
  });
  return { count: words.length, length, inputs, targets };
}

/**
 * One epoch of batches in a seeded order. Words of similar length share a batch (each run of 32 batches is
 * sorted by length before it is cut), so little time goes into padding; the batch order is shuffled again.
 */
export function lengthBuckets(words: readonly string[], batchSize: number, g: Generator): string[][] {
  const order = shuffle(words, g);
  const batches: string[][] = [];
  const chunk = batchSize * 32;
  for (let c = 0; c < order.length; c += chunk) {
    const sorted = order.slice(c, c + chunk).sort((a, b) => a.length - b.length);
    for (let b = 0; b < sorted.length; b += batchSize) batches.push(sorted.slice(b, b + batchSize));
  }
  return shuffle(batches, g);
}

/**
 * Cross-entropy per character (nats) of a bigram table on `val`: p(next | previous) counted on `train`,
 * add-one smoothed. What a model that only looks one letter back can do.
 */
export function bigramLoss(train: readonly string[], val: readonly string[]): number {
  const v = VOCAB_SIZE;
  const counts = new Float64Array(v * v).fill(1);
  const pairs = function* (w: string): Iterable<[number, number]> {
    const seq = [BOUNDARY, ...encode(w), BOUNDARY];
    for (let i = 1; i < seq.length; i++) yield [seq[i - 1]!, seq[i]!];
  };
  for (const w of train) for (const [a, b] of pairs(w)) counts[a * v + b]! += 1;
  const rowTotal = Array.from({ length: v }, (_, a) => counts.subarray(a * v, (a + 1) * v).reduce((s, c) => s + c, 0));
  let nll = 0;
  let n = 0;
  for (const w of val) {
    for (const [a, b] of pairs(w)) {
      nll -= Math.log(counts[a * v + b]! / rowTotal[a]!);
      n++;
    }
  }
  return nll / n;
}
