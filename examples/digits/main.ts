/**
 * `pnpm example digits [--quick] [--steps EPOCHS] [--seed N] [--out DIR]`: an MLP and a small CNN on the
 * UCI handwritten digits (8 x 8), with learning curves, confusion matrices and a safetensors round trip.
 * The work is done in ./experiment.ts and ./train.ts; this file only prints.
 */
import { mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from '../lib/args.js';
import { loadDigits, splitDigits } from '../lib/digits.js';
import { createProgress } from '../lib/progress.js';
import { FULL, QUICK, runModel, totalSteps, type ModelResult } from './experiment.js';
import type { ModelKind } from './models.js';

const args = parseArgs('digits');
const base = args.quick ? QUICK : FULL;
const t0 = performance.now();
mkdirSync(args.out, { recursive: true });
const { train, test } = splitDigits(loadDigits());
const pct = (a: number) => `${(a * 100).toFixed(2)} %`;
const shown = (p: string) => relative(process.cwd(), p) || p;

console.log(`UCI handwritten digits, 8 x 8 grey levels: ${train.count} training and ${test.count} test images (fixed 80/20 split, seed 0)`);
console.log(`${args.quick ? 'quick mode' : 'full mode'}; weights seeded with ${args.seed}; outputs in ${shown(args.out)}\n`);

const DESCRIPTION: Record<ModelKind, string> = {
  mlp: 'MLP 64-128-10 (ReLU)',
  cnn: 'CNN Conv(1->16, 3x3) ReLU MaxPool(2) Conv(16->32, 3x3) ReLU MaxPool(2) Flatten Linear(128->10)',
};

function report(r: ModelResult): void {
  const every = Math.max(1, Math.ceil(r.curve.length / 8));
  console.log('  epoch | train loss | test loss | test accuracy');
  r.curve.forEach((e, i) => {
    if (i % every !== every - 1 && i !== r.curve.length - 1) return;
    console.log(`  ${String(e.epoch).padStart(5)} | ${e.trainLoss.toFixed(4).padStart(10)} | ${e.testLoss.toFixed(4).padStart(9)} | ${pct(e.testAccuracy)}`);
  });
  const wrong = r.test.confusion.flatMap((row, y) => row.map((n, p) => ({ y, p, n }))).filter((c) => c.y !== c.p && c.n > 0);
  wrong.sort((a, b) => b.n - a.n);
  const mistakes = wrong.slice(0, 3).map((c) => `${c.y} read as ${c.p} (${c.n}x)`).join(', ') || 'none';
  console.log(`  test accuracy ${pct(r.test.accuracy)} (${Math.round(r.test.accuracy * test.count)}/${test.count}), trained in ${r.seconds.toFixed(1)} s`);
  console.log(`  most common mistakes: ${mistakes}`);
  console.log(`  reloaded from ${shown(r.files.weights)} into a fresh model: ${pct(r.reloaded.accuracy)}, identical predictions`);
  console.log(`  wrote ${shown(r.files.curves)} and ${shown(r.files.confusion)}\n`);
}

const results: ModelResult[] = [];
for (const kind of ['mlp', 'cnn'] as const) {
  const cfg = { ...base[kind], epochs: args.steps ?? base[kind].epochs, seed: args.seed };
  console.log(`${DESCRIPTION[kind]}`);
  console.log(`  Adam lr ${cfg.lr} (cosine to 0), weight decay ${cfg.weightDecay}, batch ${cfg.batchSize}, ${cfg.epochs} epochs${cfg.augment ? ', 1-pixel shifts' : ''}`);
  const progress = createProgress({ total: totalSteps(cfg, train.count), title: kind.toUpperCase(), quick: args.quick });
  let result: ModelResult;
  try {
    result = await runModel(kind, train, test, cfg, args.out, progress);
  } finally {
    progress.stop();
  }
  report(result);
  results.push(result);
  if (progress.stopRequested) {
    console.log('Stopped by Ctrl-C: the results above are from the epochs completed so far.');
    break;
  }
}

const summary = results.map((r) => `${r.kind.toUpperCase()} ${pct(r.test.accuracy)}`).join(', ');
console.log(`Test accuracy: ${summary} (total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
