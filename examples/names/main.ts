/**
 * `pnpm example names [--quick] [--steps N] [--seed N] [--out DIR]`: a character-level LSTM language model
 * trained on English words, printing its loss falling from ln(27) and spelling 20 new words. The work is
 * done in ./train.ts and ./model.ts; this file only prints.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Generator } from '@nabla/autograd';
import { parseArgs } from '../lib/args.js';
import { lineChart } from '../lib/plot.js';
import { createProgress } from '../lib/progress.js';
import { FULL, QUICK } from './config.js';
import { VOCAB_SIZE, bigramLoss, loadWords, splitWords } from './data.js';
import { CharLstm, sampleWords } from './model.js';
import { trainCharModel } from './train.js';

const args = parseArgs('names');
const cfg = args.quick ? QUICK : FULL;
const trainCfg = { ...cfg.train, steps: args.steps ?? cfg.train.steps, seed: args.seed };
const t0 = performance.now();
const words = loadWords();
const { train, val } = splitWords(words, cfg.heldOut);
const model = new CharLstm({ ...cfg.model, seed: args.seed });
const nParams = model.parameters().reduce((n, p) => n + p.size, 0);
const uniform = Math.log(VOCAB_SIZE);
const bigram = bigramLoss(train, val);

console.log(`Character-level language model on ${words.length} English words, ${VOCAB_SIZE} tokens ('.' marks both ends, then a-z)`);
console.log(`${train.length} training words, ${val.length} held out; ${args.quick ? 'quick' : 'full'} mode, seed ${args.seed}`);
console.log(`model: Embedding(${VOCAB_SIZE}, ${cfg.model.embedding}) -> LSTM(${cfg.model.embedding}, ${cfg.model.hidden}) -> Linear(${cfg.model.hidden}, ${VOCAB_SIZE}), ${nParams} parameters`);
console.log(`Adam lr ${trainCfg.lr} (cosine to lr/20), batch ${trainCfg.batchSize} words, ${trainCfg.steps} steps, gradient norm clipped at ${trainCfg.clip}\n`);
console.log(`Loss in nats per character. A uniform guess scores ln(${VOCAB_SIZE}) = ${uniform.toFixed(3)};`);
console.log(`a table of letter pairs counted on the training words (bigram) scores ${bigram.toFixed(3)} on the held-out words.\n`);

const progress = createProgress({ total: trainCfg.steps, title: 'names', quick: args.quick });
let history;
try {
  history = await trainCharModel(model, train, val, trainCfg, progress);
} finally {
  progress.stop();
}
const seconds = (performance.now() - t0) / 1000;
if (progress.stopRequested) console.log(`Stopped by Ctrl-C after step ${history.at(-1)!.step}; sampling from the model as it is.\n`);

console.log('  step | train loss | held-out loss');
for (const r of history) {
  const trainLoss = Number.isNaN(r.trainLoss) ? '-' : r.trainLoss.toFixed(3);
  console.log(`${String(r.step).padStart(6)} | ${trainLoss.padStart(10)} | ${r.valLoss.toFixed(3)}`);
}
const final = history.at(-1)!.valLoss;
console.log(`\nheld-out loss ${final.toFixed(3)} (uniform ${uniform.toFixed(3)}, bigram ${bigram.toFixed(3)}); trained in ${seconds.toFixed(1)} s`);

mkdirSync(args.out, { recursive: true });
const chartPath = join(args.out, 'loss.svg');
const trained = history.filter((r) => r.step > 0);
writeFileSync(chartPath, lineChart([
  { name: 'train', points: trained.map((r) => [r.step, r.trainLoss] as const) },
  { name: 'held out', points: history.map((r) => [r.step, r.valLoss] as const) },
  { name: 'uniform ln 27', points: [[0, uniform], [history.at(-1)!.step, uniform]] },
  { name: 'bigram', points: [[0, bigram], [history.at(-1)!.step, bigram]] },
], { title: 'names: loss per character', xLabel: 'step', yLabel: 'nats per character' }));
console.log(`wrote ${relative(process.cwd(), chartPath) || chartPath}\n`);

const samples = sampleWords(model, { count: 20, generator: new Generator(args.seed), temperature: cfg.temperature });
const known = new Set(words);
console.log(`20 words sampled at temperature ${cfg.temperature} (seed ${args.seed}); * = already in the word list:`);
for (let i = 0; i < samples.length; i += 5) {
  console.log('  ' + samples.slice(i, i + 5).map((w) => `${w}${known.has(w) ? '*' : ''}`.padEnd(15)).join(' '));
}
const fresh = samples.filter((w) => !known.has(w)).length;
console.log(`${fresh} of 20 are new words.`);
