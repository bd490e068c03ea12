/**
 * W8: one training step of the names example's character LSTM (examples/names: Embedding 24, LSTM 128,
 * Linear to 27 tokens; batch 64; cross-entropy per character, backward, gradient clipping, Adam with its
 * cosine schedule). Model, config, data and loss come from the example; the step body repeats the one in its
 * `trainCharModel`, which exports no single step. Every run trains on the same batch: the length-bucketed
 * batch of median padded length from the example's seeded first epoch. nabla on its two backends only.
 */
import { Generator } from '@nabla/autograd';
import { Adam, CosineAnnealingLR, clipGradNorm } from '@nabla/optim';
import { FULL, QUICK } from '../../../examples/names/config.js';
import { lengthBuckets, loadWords, makeBatch, splitWords, type Batch } from '../../../examples/names/data.js';
import { CharLstm } from '../../../examples/names/model.js';
import { batchLoss } from '../../../examples/names/train.js';
import type { Case, Workload } from '../runner.js';

/** The full-size batch of median padded length among the seeded first epoch's batches. */
function medianBatch(train: readonly string[], batchSize: number, seed: number): Batch {
  const full = lengthBuckets(train, batchSize, new Generator(seed)).filter((b) => b.length === batchSize).map(makeBatch);
  full.sort((a, b) => a.length - b.length);
  return full[full.length >> 1]!;
}

function stepCase(quick: boolean): Case {
  const cfg = quick ? QUICK : FULL;
  const { train } = splitWords(loadWords(), cfg.heldOut);
  const batch = medianBatch(train, cfg.train.batchSize, cfg.train.seed);
  return {
    name: `batch ${batch.count} x ${batch.length} tokens, embedding ${cfg.model.embedding}, hidden ${cfg.model.hidden}`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () => {
        const model = new CharLstm({ ...cfg.model, seed: 0 });
        const params = model.parameters();
        const opt = new Adam(params, { lr: cfg.train.lr });
        const schedule = new CosineAnnealingLR(opt, { tMax: cfg.train.steps, etaMin: cfg.train.lr / 20 });
        return () => {
          const loss = batchLoss(model, batch);
          opt.zeroGrad();
          loss.backward();
          clipGradNorm(params, cfg.train.clip);
          opt.step();
          schedule.step();
          const value = loss.item();
          if (!Number.isFinite(value)) throw new Error(`names: training loss is ${value}`);
        };
      },
    },
  };
}

/** W8 at the example's full size (quick: its quick size). */
export const w8: Workload = {
  id: 'W8',
  title: 'names LSTM training step (examples/names)',
  cases: ({ quick }) => [stepCase(quick)],
};
