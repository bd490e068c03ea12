/**
 * Continues a prompt with a saved GPT, in a fresh process:
 * `node --import tsx --conditions=@nabla/source examples/gpt/sample.ts [--weights FILE] [--prompt TEXT]
 * [--length N] [--temperature T] [--top-k K] [--seed N]`. The weights default to the file `pnpm example gpt`
 * writes (examples/gpt/out/gpt.safetensors); the model sizes and vocabulary come from its metadata.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Generator } from '@nabla/autograd';
import { EXAMPLES_DIR } from '../lib/args.js';
import { loadGpt } from './checkpoint.js';
import { generate } from './generate.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    weights: { type: 'string', default: resolve(EXAMPLES_DIR, 'gpt', 'out', 'gpt.safetensors') },
    prompt: { type: 'string', default: 'The whale ' },
    length: { type: 'string', default: '500' },
    temperature: { type: 'string', default: '0.8' },
    'top-k': { type: 'string', default: '20' },
    seed: { type: 'string', default: '0' },
  },
});
const number = (flag: string, text: string, integer: boolean): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= (flag === '--seed' ? -1 : 0) || (integer && !Number.isInteger(n))) {
    console.error(`sample.ts: ${flag} must be a ${integer ? 'positive integer' : 'positive number'}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
};
const weights = resolve(values.weights);
let bytes: Uint8Array;
try {
  bytes = readFileSync(weights);
} catch {
  console.error(`sample.ts: cannot read ${weights}; train a model first with \`pnpm example gpt\` (or pass --weights FILE)`);
  process.exit(1);
}
const { model, vocab } = loadGpt(bytes);
const text = generate(model, vocab, values.prompt, {
  length: number('--length', values.length, true),
  temperature: number('--temperature', values.temperature, false),
  topK: number('--top-k', values['top-k'], true),
  generator: new Generator(number('--seed', values.seed, true)),
});
console.log(values.prompt + text);
