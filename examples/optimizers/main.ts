/**
 * `pnpm example optimizers`: SGD, momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad and Lion on
 * Rosenbrock's valley and on a digits MLP; prints tables and writes out/rosenbrock.svg and out/digits.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../lib/args.js';
import { loadDigits, splitDigits } from '../lib/digits.js';
import { createProgress, offsetSteps } from '../lib/progress.js';
import { compareOnDigits, compareOnRosenbrock, digitsChart, rosenbrockChart } from './compare.js';
import { MINIMUM, START, rosenbrock } from './rosenbrock.js';
import { CONTENDERS } from './zoo.js';

const args = parseArgs('optimizers');
const rosenSteps = args.steps ?? (args.quick ? 300 : 2000);
const digitSteps = args.steps ?? (args.quick ? 100 : 1000);
const t0 = performance.now();
const n = CONTENDERS.length;
const fmt = (v: number): string => (Number.isFinite(v) ? (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toFixed(4)) : 'diverged');
const progress = createProgress({ total: n * (rosenSteps + digitSteps), title: 'optimizers', quick: args.quick });
mkdirSync(args.out, { recursive: true });

try {
  console.log(`1) Rosenbrock f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from (${START.join(', ')}), f = ${rosenbrock(...START)}; ${rosenSteps} steps each\n`);
  const rosen = await compareOnRosenbrock(rosenSteps, progress);
  console.log(`  ${'optimizer'.padEnd(10)} ${'lr'.padStart(6)}  ${'final f'.padStart(9)}  distance to (1, 1)  first step with f < 1e-3`);
  for (const { name, lr, result } of rosen) {
    const [x, y] = result.path.at(-1)!;
    const hit = result.losses.findIndex((l) => l < 1e-3);
    const final = result.diverged ? 'diverged' : fmt(result.losses.at(-1)!);
    console.log(`  ${name.padEnd(10)} ${String(lr).padStart(6)}  ${final.padStart(9)}  ${Math.hypot(x - MINIMUM[0], y - MINIMUM[1]).toFixed(4).padStart(18)}  ${hit < 0 ? '-' : hit}`);
  }
  writeFileSync(join(args.out, 'rosenbrock.svg'), rosenbrockChart(rosen));

  console.log(`\n2) Digits: MLP 64-32-10 on 1,438 UCI digits, minibatches of 64, ${digitSteps} steps each, same start and batches\n`);
  const { train, test } = splitDigits(loadDigits());
  const digits = await compareOnDigits(digitSteps, train, test, { seed: args.seed, progress: offsetSteps(progress, n * rosenSteps) });
  console.log(`  ${'optimizer'.padEnd(10)} ${'lr'.padStart(6)}  train loss  test accuracy  (359 held-out digits)`);
  for (const { name, lr, result } of digits) {
    console.log(`  ${name.padEnd(10)} ${String(lr).padStart(6)}  ${fmt(result.trainLoss).padStart(10)}  ${(result.testAccuracy * 100).toFixed(1).padStart(12)}%`);
  }
  writeFileSync(join(args.out, 'digits.svg'), digitsChart(digits));
} finally {
  progress.stop();
}
if (progress.stopRequested) console.log('\nStopped by Ctrl-C: the tables and charts show the runs finished so far.');
console.log(`\nwrote ${join(args.out, 'rosenbrock.svg')} and ${join(args.out, 'digits.svg')}`);
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
