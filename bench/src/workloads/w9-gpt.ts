/**
 * W9: one training step of the GPT example (examples/gpt: 4 pre-norm blocks of causal self-attention and a
 * GELU MLP, width 96, context 64, batch 32, character-level on Moby-Dick; cross-entropy, backward, gradient
 * clipping, AdamW with decay on matrices and its warmup + cosine schedule). Model, config, data, optimizer
 * and loss come from the example; the step body repeats the one in its `trainGpt`, which exports no single
 * step. Every run trains on the same batch: the first one the example's seeded generator draws. Reported as
 * ms per step and tokens per second. nabla on its two backends only.
 */
import { Generator } from '@nabla/autograd';
import { LambdaLR, clipGradNorm } from '@nabla/optim';
import { FULL, QUICK } from '../../../examples/gpt/config.js';
import { loadMobyDick, makeVocab, randomBatch, splitTokens } from '../../../examples/gpt/data.js';
import { Gpt } from '../../../examples/gpt/model.js';
import { batchLoss, lrFactor, makeOptimizer } from '../../../examples/gpt/train.js';
import type { Case, Workload } from '../runner.js';

function stepCase(quick: boolean): Case {
  const cfg = quick ? QUICK : FULL;
  const t = cfg.train;
  const text = loadMobyDick();
  const vocab = makeVocab(text);
  const { train } = splitTokens(vocab.encode(text), 0.1, t.seed);
  const batch = randomBatch(train, t.batchSize, t.contextLength, new Generator(t.seed));
  const m = cfg.model;
  return {
    name: `batch ${t.batchSize} x ${t.contextLength} tokens, ${m.nLayer} blocks, width ${m.nEmbd}, ${m.nHead} heads`,
    metrics: [{ unit: 'ms' }, { unit: 'tokens/s', amount: t.batchSize * t.contextLength, formula: 'batch x context tokens per step' }],
    engines: {
      nabla: () => {
        const model = new Gpt({ ...m, vocabSize: vocab.chars.length }, 0);
        const params = model.parameters();
        const opt = makeOptimizer(model, t);
        const schedule = new LambdaLR(opt, { lrLambda: (step) => lrFactor(step, t.warmup, t.steps) });
        return () => {
          const loss = batchLoss(model, batch);
          opt.zeroGrad();
          loss.backward();
          clipGradNorm(params, t.clip);
          opt.step();
          schedule.step();
          const value = loss.item();
          if (!Number.isFinite(value)) throw new Error(`gpt: training loss is ${value}`);
        };
      },
    },
  };
}

/** W9 at the example's full size (quick: its quick size). */
export const w9: Workload = {
  id: 'W9',
  title: 'GPT training step (examples/gpt)',
  cases: ({ quick }) => [stepCase(quick)],
};
