/**
 * The character-level language model (Embedding -> LSTM -> Linear over the 27 tokens) and a seeded sampler
 * that spells new words one character at a time.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { Embedding, LSTM, Linear, Module } from '@nabla/nn';
import { BOUNDARY, VOCAB_SIZE, decode } from './data.js';

/** Sizes of the model. */
export interface CharLstmOptions {
  /** Width of a character's learned vector. */
  embedding: number;
  /** LSTM hidden (and cell) state size. */
  hidden: number;
  /** Seeds the initial weights. */
  seed: number;
}

/** An LSTM's [h, c] state, each [layers, N, hidden]. */
export type LstmState = [Tensor, Tensor];

/**
 * Reads tokens [N, T] (int32) and returns logits [N, T, 27] for the next token at every position,
 * plus the final LSTM state (to continue a sequence one step at a time when sampling).
 * @example
 * const model = new CharLstm({ embedding: 16, hidden: 64, seed: 0 });
 * const [logits] = model.forward(tensor([[0, 3, 1]], { dtype: 'int32' })); // [1, 3, 27]
 */
export class CharLstm extends Module {
  embed: Embedding;
  lstm: LSTM;
  head: Linear;

  constructor(opts: CharLstmOptions) {
    super();
    const generator = new Generator(opts.seed);
    this.embed = new Embedding(VOCAB_SIZE, opts.embedding, { generator });
    this.lstm = new LSTM(opts.embedding, opts.hidden, { batchFirst: true, generator });
    this.head = new Linear(opts.hidden, VOCAB_SIZE, { generator });
  }

  forward(tokens: Tensor, state?: LstmState): [Tensor, LstmState] {
    const [out, next] = this.lstm.forward(this.embed.forward(tokens), state);
    return [this.head.forward(out), next];
  }
}

/** Options of `sampleWords`. */
export interface SampleOptions {
  count: number;
  generator: Generator;
  /** Divides the logits: below 1 favours likely letters, above 1 flattens the distribution (default 1). */
  temperature?: number;
  /** A word that has not ended after this many letters is cut there (default 24). */
  maxLength?: number;
}

/**
 * Spells `count` words in parallel: start from the boundary token, draw each next letter from the model's
 * softmax, feed it back, and stop a word when the boundary token is drawn (never as its first token, so
 * every word has at least one letter).
 * @example sampleWords(model, { count: 5, generator: new Generator(0) }); // e.g. ['showding', 'assultiates', ...]
 */
export function sampleWords(model: CharLstm, opts: SampleOptions): string[] {
  const { count, generator, temperature = 1, maxLength = 24 } = opts;
  const letters: number[][] = Array.from({ length: count }, () => []);
  const done = new Array<boolean>(count).fill(false);
  noGrad(() => {
    model.eval();
    let input = new Int32Array(count).fill(BOUNDARY);
    let state: LstmState | undefined;
    for (let t = 0; t < maxLength && done.includes(false); t++) {
      const [logits, next] = model.forward(tensor(input, { dtype: 'int32' }).reshape([count, 1]), state);
      state = next;
      const probs = logits.reshape([count, VOCAB_SIZE]).div(temperature).softmax(1).data();
      input = new Int32Array(count);
      for (let n = 0; n < count; n++) {
        // A word has at least one letter, so the first draw skips the boundary token.
        const token = drawIndex(probs, n * VOCAB_SIZE, t === 0 ? 1 : 0, generator.uniform());
        input[n] = token;
        if (done[n]) continue;
        if (token === BOUNDARY) done[n] = true;
        else letters[n]!.push(token);
      }
    }
    model.train();
  });
  return letters.map(decode);
}

/** A token drawn from probs[offset + first .. offset + VOCAB_SIZE), renormalised, with the uniform number u. */
function drawIndex(probs: ArrayLike<number>, offset: number, first: number, u: number): number {
  let total = 0;
  for (let i = first; i < VOCAB_SIZE; i++) total += probs[offset + i]!;
  let acc = 0;
  for (let i = first; i < VOCAB_SIZE; i++) {
    acc += probs[offset + i]!;
    if (u * total < acc) return i;
  }
  return VOCAB_SIZE - 1; // u * total landed in the rounding gap at the top
}
