/**
 * `pnpm example moons`: an MLP learns the two-moons classes; writes the decision boundary to out/moons.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../lib/args.js';
import { decisionBoundary } from '../lib/plot.js';
import { createProgress } from '../lib/progress.js';
import { makeMoons } from './data.js';
import { accuracy, probabilityGrid, trainMoons } from './train.js';

const args = parseArgs('moons');
const steps = args.steps ?? (args.quick ? 300 : 2000);
const t0 = performance.now();
const train = makeMoons({ seed: args.seed, count: 300 });
const test = makeMoons({ seed: args.seed + 1000, count: 300 });

console.log(`Two moons: 300 training points (noise sd 0.15), MLP 2-16-16-1 with ReLU, Adam lr 0.01, ${steps} full-batch steps\n`);
const progress = createProgress({ total: steps, title: 'moons', quick: args.quick });
const result = await trainMoons(train, { seed: args.seed, steps, progress }).finally(() => progress.stop());
if (result.steps < steps) console.log(`Stopped by Ctrl-C after ${result.steps} steps; reporting the model as it is.\n`);

const every = Math.max(1, Math.floor(result.losses.length / 10));
for (const [step, loss] of result.losses.filter((_, i) => i % every === 0 || i === result.losses.length - 1)) {
  console.log(`  step ${String(step).padStart(5)}  loss ${loss.toFixed(4)}`);
}
const testAccuracy = accuracy(result.model, test);
console.log(`\ntrain accuracy ${(result.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(testAccuracy * 100).toFixed(1)}% (300 fresh points)`);

mkdirSync(args.out, { recursive: true });
const grid = probabilityGrid(result.model, [-1.6, 2.6], [-1.2, 1.7]);
const points = train.points.map(([x, y], i) => ({ x, y, label: train.labels[i]! }));
const file = join(args.out, 'moons.svg');
writeFileSync(file, decisionBoundary(grid, points, { title: `Two moons: MLP decision boundary (train accuracy ${(result.trainAccuracy * 100).toFixed(1)}%)`, classNames: ['upper moon', 'lower moon'] }));
console.log(`wrote ${file}`);
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
