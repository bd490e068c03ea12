/**
 * Saving and loading the GPT as safetensors: the weights under PyTorch-style names (`blocks.0.attn.qkv.weight`)
 * and, in the metadata, the model sizes and the vocabulary, so a fresh process can rebuild the model.
 */
import { loadSafetensors, saveSafetensors } from '@nabla/nn';
import { makeVocab, type Vocab } from './vocab.js';
import { Gpt, type GptConfig } from './model.js';

/**
 * The safetensors bytes of `model` with its config and vocabulary as metadata: float32 by default, or
 * float16 (half the size, for the browser playground; loading reads it back as float32).
 * @example writeFileSync('gpt.safetensors', saveGpt(gpt, vocab));
 */
export function saveGpt(model: Gpt, vocab: Vocab, dtype: 'float32' | 'float16' = 'float32'): Uint8Array {
  return saveSafetensors(model, { dtype, metadata: { format: 'pt', config: JSON.stringify(model.config), vocab: JSON.stringify(vocab.chars) } });
}

/**
 * A fresh model and vocabulary rebuilt from `saveGpt`'s bytes; every tensor must match a parameter.
 * @example const { model, vocab } = loadGpt(readFileSync('gpt.safetensors'));
 */
export function loadGpt(bytes: Uint8Array): { model: Gpt; vocab: Vocab } {
  const { tensors, metadata } = loadSafetensors(bytes);
  const config = metadata?.config;
  const chars = metadata?.vocab;
  if (config === undefined || chars === undefined) throw new Error('loadGpt: the file has no config/vocab metadata (was it written by saveGpt?)');
  const model = new Gpt(JSON.parse(config) as GptConfig, 0);
  model.loadStateDict(tensors);
  model.eval();
  return { model, vocab: makeVocab(JSON.parse(chars) as string[]) };
}
