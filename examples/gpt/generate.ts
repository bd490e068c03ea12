/**
 * Text generation: continue a prompt one character at a time, drawing each from the model's softmax over
 * the top-k logits divided by a temperature, and sliding the context window when it is full.
 */
import { Generator, multinomial, noGrad, tensor, topk } from '@nabla/autograd';
import type { Vocab } from './data.js';
import type { Gpt } from './model.js';

/** Options of `generate`. */
export interface GenerateOptions {
  /** Characters to add after the prompt. */
  length: number;
  /** Divides the logits: below 1 favours likely characters, above 1 flattens (default 0.8). */
  temperature?: number;
  /** Draw only among the k most likely characters (default 20; vocabSize for all). */
  topK?: number;
  generator: Generator;
}

/**
 * The `length` characters the model writes after `prompt` (the prompt not included). Same model, prompt and
 * generator seed give the same text.
 * @example generate(gpt, vocab, 'Call me ', { length: 100, generator: new Generator(0) });
 */
export function generate(model: Gpt, vocab: Vocab, prompt: string, opts: GenerateOptions): string {
  const { length, temperature = 0.8, generator } = opts;
  const k = Math.min(opts.topK ?? 20, model.config.vocabSize);
  if (!(temperature > 0)) throw new Error(`generate: temperature must be > 0, got ${temperature}`);
  if (prompt.length === 0) throw new Error('generate: the prompt must have at least one character');
  const ids = Array.from(vocab.encode(prompt));
  const out: number[] = [];
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let i = 0; i < length; i++) {
        const context = ids.slice(-model.config.blockSize);
        const logits = model.forward(tensor(Int32Array.from(context), { dtype: 'int32' }).reshape([1, context.length]));
        const last = logits.select(1, context.length - 1).reshape([model.config.vocabSize]).div(temperature);
        const { values, indices } = topk(last, k);
        const choice = multinomial(values.softmax(0), 1, { generator }).item();
        const next = indices.data()[choice]!;
        ids.push(next);
        out.push(next);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return vocab.decode(out);
}
