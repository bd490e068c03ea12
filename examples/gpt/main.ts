/**
 * `pnpm example gpt [--quick] [--steps N] [--seed N] [--out DIR]`: a character-level GPT trained on the full
 * text of Moby-Dick. Prints the validation loss against a bigram baseline, saves the model (gpt.safetensors),
 * the loss curve (loss.svg) and one head's attention on a sentence (attention.svg), then writes 500
 * characters. The work is done in ./train.ts, ./model.ts and ./generate.ts; this file only prints.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Generator, noGrad, setNumThreads, tensor } from '@nabla/autograd';
import { parseArgs } from '../lib/args.js';
import { lineChart } from '../lib/plot.js';
import { createProgress } from '../lib/progress.js';
import { attentionHeatmap } from './attention-svg.js';
import { saveGpt } from './checkpoint.js';
import { FULL, QUICK } from './config.js';
import { bigramLoss, loadMobyDick, makeVocab, splitTokens } from './data.js';
import { generate } from './generate.js';
import { Gpt } from './model.js';
import { evaluateLoss, trainGpt } from './train.js';

const args = parseArgs('gpt');
// At width 96 the matrix products are too thin for a second wasm thread to pay for its synchronisation: the
// bench's W9 step takes 555 ms on one thread and 649 ms on two. Results are bit-identical either way.
setNumThreads(1);
const cfg = args.quick ? QUICK : FULL;
const trainCfg = { ...cfg.train, steps: args.steps ?? cfg.train.steps, seed: args.seed };
const t0 = performance.now();
const text = loadMobyDick();
const vocab = makeVocab(text);
const { train, val } = splitTokens(vocab.encode(text), 0.1, args.seed);
const model = new Gpt({ ...cfg.model, vocabSize: vocab.chars.length }, args.seed);
const nParams = model.parameters().reduce((n, p) => n + p.size, 0);
const bigram = bigramLoss(train, val, vocab.chars.length);
const uniform = Math.log(vocab.chars.length);
const m = cfg.model;
const tokensPerStep = trainCfg.batchSize * trainCfg.contextLength;
// Forward + backward of the matrix products: 6 FLOPs per parameter per token, plus attention's q·k and w·v.
const flopsPerToken = 6 * nParams + 12 * m.nLayer * m.nEmbd * trainCfg.contextLength / 2;

console.log(`Moby-Dick, ${text.length.toLocaleString('en')} characters, ${vocab.chars.length} distinct; seeded 90/10 split: ${train.length.toLocaleString('en')} training, ${val.length.toLocaleString('en')} validation`);
console.log(`model: GPT, ${m.nLayer} blocks x ${m.nHead} heads, width ${m.nEmbd}, context ${m.blockSize}, ${nParams.toLocaleString('en')} parameters (${args.quick ? 'quick' : 'full'} mode, seed ${args.seed})`);
console.log(`AdamW lr ${trainCfg.lr} (warmup ${trainCfg.warmup} steps, cosine to lr/10), weight decay ${trainCfg.weightDecay} on matrices, clip ${trainCfg.clip}; ${trainCfg.steps} steps of ${trainCfg.batchSize} x ${trainCfg.contextLength} characters`);
console.log(`about ${(flopsPerToken * tokensPerStep / 1e9).toFixed(2)} GFLOP per step`);
console.log(`Loss in nats per character: uniform ln(${vocab.chars.length}) = ${uniform.toFixed(3)}, bigram ${bigram.toFixed(3)}.\n`);

const progress = createProgress({ total: trainCfg.steps, title: 'gpt', quick: args.quick });
let history;
try {
  // With the bar on, the latest validation loss shows in it; without (a log file, CI), one line per evaluation.
  const quiet = args.quick || process.stderr.isTTY === true;
  history = await trainGpt(model, train, val, trainCfg, progress, (r) => {
    if (!quiet) console.log(`step ${r.step}: validation loss ${r.valLoss.toFixed(3)} (bigram ${bigram.toFixed(3)}), ${r.tokensPerSecond.toFixed(0)} tokens/s, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  });
} finally {
  progress.stop();
}
const trainSeconds = (performance.now() - t0) / 1000;
if (progress.stopRequested) console.log(`Stopped by Ctrl-C after step ${history.at(-1)!.step}.\n`);

console.log('  step | train loss | val loss | bigram | tokens/s');
for (const r of history) {
  const trainLoss = Number.isNaN(r.trainLoss) ? '-' : r.trainLoss.toFixed(3);
  const tps = Number.isNaN(r.tokensPerSecond) ? '-' : r.tokensPerSecond.toFixed(0);
  console.log(`${String(r.step).padStart(6)} | ${trainLoss.padStart(10)} | ${r.valLoss.toFixed(3).padStart(8)} | ${bigram.toFixed(3)} | ${tps.padStart(8)}`);
}
const finalLoss = evaluateLoss(model, val, cfg.finalEvalWindows, trainCfg.contextLength);
const trained = history.filter((r) => r.step > 0);
const meanTps = (trained.reduce((s, r) => s + r.tokensPerSecond * (r.step - (history[history.indexOf(r) - 1]?.step ?? 0)), 0)) / Math.max(1, history.at(-1)!.step);
console.log(`\nvalidation loss ${finalLoss.toFixed(3)} nats/char on ${cfg.finalEvalWindows} windows (bigram ${bigram.toFixed(3)}); ${meanTps.toFixed(0)} tokens/s, ${(meanTps * flopsPerToken / 1e9).toFixed(2)} GFLOP/s; ${trainSeconds.toFixed(1)} s`);

mkdirSync(args.out, { recursive: true });
const rel = (p: string): string => relative(process.cwd(), p) || p;
const weightsPath = join(args.out, 'gpt.safetensors');
writeFileSync(weightsPath, saveGpt(model, vocab));
// Half precision for the browser playground (docs/playground/public/gpt.f16.safetensors is a copy of a full run's).
const halfPath = join(args.out, 'gpt.f16.safetensors');
writeFileSync(halfPath, saveGpt(model, vocab, 'float16'));
const chartPath = join(args.out, 'loss.svg');
const last = history.at(-1)!.step;
writeFileSync(chartPath, lineChart([
  { name: 'train', points: trained.map((r) => [r.step, r.trainLoss] as const) },
  { name: 'validation', points: history.map((r) => [r.step, r.valLoss] as const) },
  { name: 'bigram', points: [[0, bigram], [last, bigram]] },
], { title: 'GPT on Moby-Dick: loss per character', xLabel: 'step', yLabel: 'nats per character' }));

const sentence = [...'Call me Ishmael. Some years ago—never mind how long precisely'].slice(0, m.blockSize).join('');
const layer = m.nLayer - 1;
const head = 0;
const weights = noGrad(() => {
  model.eval();
  const w = model.attentionWeights(tensor(vocab.encode(sentence), { dtype: 'int32' }).reshape([1, [...sentence].length]), layer).select(0, head);
  return w.toArray() as number[][];
});
const heatPath = join(args.out, 'attention.svg');
writeFileSync(heatPath, attentionHeatmap(weights, sentence, { title: `attention of block ${layer}, head ${head}` }));
console.log(`wrote ${rel(weightsPath)}, ${rel(halfPath)}, ${rel(chartPath)}, ${rel(heatPath)}\n`);

const prompt = 'The whale ';
const { length, temperature, topK } = cfg.sample;
const sample = generate(model, vocab, prompt, { length, temperature, topK, generator: new Generator(args.seed) });
console.log(`${length} characters after ${JSON.stringify(prompt)} (temperature ${temperature}, top-${topK}, seed ${args.seed}):\n`);
console.log(prompt + sample);
