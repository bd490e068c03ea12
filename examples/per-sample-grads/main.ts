/**
 * `pnpm example per-sample-grads [--quick] [--steps EPOCHS] [--seed N]`: DP-SGD on the digits MLP, with the
 * per-example gradients from `vmap(grad(loss))`, against the same MLP trained without privacy. The work is in
 * ./dpsgd.ts and ./mlp.ts; this file only prints.
 */
import { grad } from '@nabla/autograd';
import { parseArgs } from '../lib/args.js';
import { loadDigits, splitDigits } from '../lib/digits.js';
import { createProgress } from '../lib/progress.js';
import { FULL, NON_PRIVATE, QUICK, perSampleGrads, toTensors, totalSteps, train, type TrainConfig } from './dpsgd.js';
import { HIDDEN, PARAMETER_COUNT, initParams, loss } from './mlp.js';

const args = parseArgs('per-sample-grads');
const base = args.quick ? QUICK : FULL;
const t0 = performance.now();
const split = splitDigits(loadDigits());
const [trainSet, testSet] = [toTensors(split.train), toTensors(split.test)];
const pct = (a: number) => `${(a * 100).toFixed(2)} %`;

console.log(`UCI handwritten digits: ${split.train.count} training and ${split.test.count} test images (fixed 80/20 split)`);
console.log(`MLP 64-${HIDDEN}-10 (ReLU) as a function of one parameter vector of ${PARAMETER_COUNT.toLocaleString('en')} numbers; ${args.quick ? 'quick' : 'full'} mode, seed ${args.seed}\n`);

// What the per-example gradients cost: one vmap(grad) call against one gradient of the batch's mean loss.
{
  const theta = initParams(args.seed);
  const n = base.batchSize;
  const x = trainSet.x.narrow(0, 0, n);
  const y = trainSet.y.narrow(0, 0, n);
  // The median of 15 timed calls after a warm-up, so one slow call (GC, another process) does not count.
  const time = (f: () => unknown) => {
    f();
    const ms = Array.from({ length: 15 }, () => {
      const s = performance.now();
      f();
      return performance.now() - s;
    }).sort((a, b) => a - b);
    return ms[7]!;
  };
  const perSample = time(() => perSampleGrads(theta, x, y).data());
  const batched = time(() => grad(loss)(theta, x, y).data());
  console.log(`per-example gradients of a batch of ${n}: ${perSample.toFixed(1)} ms (one [${n}, ${PARAMETER_COUNT}] matrix), ` +
    `one batched gradient: ${batched.toFixed(1)} ms (${(perSample / batched).toFixed(1)}x)\n`);
}

async function run(title: string, cfg: TrainConfig): Promise<number> {
  console.log(title);
  const clip = Number.isFinite(cfg.clip) ? `clip C = ${cfg.clip}` : 'no clipping';
  console.log(`  SGD lr ${cfg.lr}, batch ${cfg.batchSize}, ${cfg.epochs} epochs, ${clip}, noise multiplier ${cfg.noiseMultiplier}`);
  const progress = createProgress({ total: totalSteps(cfg, split.train.count), title: title.split(' ')[0], quick: args.quick });
  const { curve } = await train(trainSet, testSet, cfg, progress).finally(() => progress.stop());
  console.log('  epoch | mean |g_i| | clipped | test accuracy');
  const every = Math.max(1, Math.ceil(curve.length / 8));
  curve.forEach((e, i) => {
    if (i % every !== every - 1 && i !== curve.length - 1) return;
    console.log(`  ${String(e.epoch).padStart(5)} | ${e.meanNorm.toFixed(3).padStart(10)} | ${`${(e.clippedFraction * 100).toFixed(0)} %`.padStart(7)} | ${pct(e.testAccuracy)}`);
  });
  if (progress.stopRequested) console.log('  stopped by Ctrl-C: the accuracy below is the last epoch completed');
  const last = curve.at(-1)?.testAccuracy ?? 0;
  console.log(`  test accuracy ${pct(last)} (${Math.round(last * split.test.count)}/${split.test.count})\n`);
  return last;
}

const epochs = args.steps ?? base.epochs;
const dp = await run('DP-SGD (per-example clipping + Gaussian noise)', { ...base, epochs, seed: args.seed });
const plain = await run('Non-private SGD (same MLP, same batches)', { ...base, ...NON_PRIVATE, epochs, seed: args.seed });
console.log(`Test accuracy: DP-SGD ${pct(dp)}, non-private ${pct(plain)} (total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
