/**
 * Text generation: continue a prompt one character at a time, drawing each from the model's softmax over
 * the top-k logits divided by a temperature, and sliding the context window when it is full.
 */
import { Generator, multinomial, noGrad, tensor, topk } from '@nabla/autograd';
import type { Gpt } from './model.js';
import type { Vocab } from './vocab.js';

/** How the next character is drawn. */
export interface SamplingOptions {
  /** Divides the logits: below 1 favours likely characters, above 1 flattens (default 0.8). */
  temperature?: number;
  /** Draw only among the k most likely characters (default 20; vocabSize for all). */
  topK?: number;
  generator: Generator;
}

/** Options of `generate`. */
export interface GenerateOptions extends SamplingOptions {
  /** Characters to add after the prompt. */
  length: number;
}

function checkSampling(op: string, opts: SamplingOptions): void {
  const t = opts.temperature ?? 0.8;
  if (!(t > 0)) throw new Error(`${op}: temperature must be > 0, got ${t}`);
  const k = opts.topK ?? 20;
  if (!Number.isInteger(k) || k < 1) throw new Error(`${op}: topK must be a positive integer, got ${k}`);
}

/**
 * The next token after `ids` (only the last blockSize are read), drawn in eval mode without a graph.
 * @example sampleNext(gpt, [12, 40, 51], { generator: new Generator(0) }); // e.g. 51
 */
export function sampleNext(model: Gpt, ids: readonly number[], opts: SamplingOptions): number {
  checkSampling('sampleNext', opts);
  if (ids.length === 0) throw new Error('sampleNext: the context must have at least one token');
  const k = Math.min(opts.topK ?? 20, model.config.vocabSize);
  const context = ids.slice(-model.config.blockSize);
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const logits = model.forward(tensor(Int32Array.from(context), { dtype: 'int32' }).reshape([1, context.length]));
      const last = logits.select(1, context.length - 1).reshape([model.config.vocabSize]).div(opts.temperature ?? 0.8);
      const { values, indices } = topk(last, k);
      const choice = multinomial(values.softmax(0), 1, { generator: opts.generator }).item();
      return indices.data()[choice]!;
    });
  } finally {
    model.train(wasTraining);
  }
}

/**
 * The `length` characters the model writes after `prompt` (the prompt not included). Same model, prompt and
 * generator seed give the same text.
 * @example generate(gpt, vocab, 'Call me ', { length: 100, generator: new Generator(0) });
 */
export function generate(model: Gpt, vocab: Vocab, prompt: string, opts: GenerateOptions): string {
  checkSampling('generate', opts);
  if (prompt.length === 0) throw new Error('generate: the prompt must have at least one character');
  const ids = Array.from(vocab.encode(prompt));
  const out: number[] = [];
  for (let i = 0; i < opts.length; i++) {
    const next = sampleNext(model, ids, opts);
    ids.push(next);
    out.push(next);
  }
  return vocab.decode(out);
}
