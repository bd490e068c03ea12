/**
 * W7: one training epoch of the digits example's MLP (examples/digits: 64-128-10 ReLU, Adam with a cosine
 * schedule, batch 64 over the 1,438 training images, then the evaluation on the 359 test images that the
 * example runs after every epoch). The model, the data and the epoch are the example's own code, imported.
 * nabla on its two backends only.
 */
import { FULL } from '../../../examples/digits/experiment.js';
import { makeModel } from '../../../examples/digits/models.js';
import { trainClassifier } from '../../../examples/digits/train.js';
import { loadDigits, selectDigits, splitDigits, type Digits } from '../../../examples/lib/digits.js';
import type { Case, Workload } from '../runner.js';

/** Quick mode trains on this many batches and evaluates on one batch's worth of test images. */
const QUICK_BATCHES = 3;

const head = (d: Digits, count: number): Digits => selectDigits(d, Array.from({ length: Math.min(count, d.count) }, (_, i) => i));

function epochCase(quick: boolean): Case {
  const cfg = { ...FULL.mlp, epochs: 1 };
  const split = splitDigits(loadDigits());
  const train = quick ? head(split.train, QUICK_BATCHES * cfg.batchSize) : split.train;
  const test = quick ? head(split.test, cfg.batchSize) : split.test;
  const batches = Math.ceil(train.count / cfg.batchSize);
  return {
    name: `${train.count} images (${batches} batches of ${cfg.batchSize}), test ${test.count}`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () => {
        const model = makeModel('mlp', cfg.seed);
        // Each timed run is one more epoch of the same model (a fresh Adam and schedule, as one-epoch runs get).
        return async () => {
          const curve = await trainClassifier(model, 'mlp', train, test, cfg);
          if (!Number.isFinite(curve[0]?.trainLoss)) throw new Error(`digits: training loss is ${curve[0]?.trainLoss}`);
        };
      },
    },
  };
}

/** W7: a full epoch (quick: 3 batches). */
export const w7: Workload = {
  id: 'W7',
  title: 'digits MLP epoch (examples/digits)',
  cases: ({ quick }) => [epochCase(quick)],
};
