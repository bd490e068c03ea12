/** Model sizes and training settings of the GPT example, for full and quick (CI) mode. */
import type { GptConfig } from './model.js';
import type { TrainConfig } from './train.js';

/** Everything a run needs besides the data (the vocabulary size comes from the text). */
export interface RunConfig {
  model: Omit<GptConfig, 'vocabSize'>;
  train: TrainConfig;
  /** Validation windows measured once more at the end, for the reported loss. */
  finalEvalWindows: number;
  /** Characters sampled at the end, with this temperature and top-k. */
  sample: { length: number; temperature: number; topK: number };
}

/** Full mode (`pnpm example gpt`): under 10 minutes on two cores; see the README for what it reaches. */
export const FULL: RunConfig = {
  model: { blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 96, dropout: 0 },
  train: {
    steps: 900, batchSize: 32, contextLength: 64, lr: 5e-3, warmup: 50, weightDecay: 0.1, clip: 1,
    evalEvery: 100, evalWindows: 192, seed: 0,
  },
  finalEvalWindows: 2048,
  sample: { length: 500, temperature: 0.8, topK: 20 },
};

/** Quick mode (`--quick`, CI): a one-block model for a few seconds, enough for the loss to fall clearly. */
export const QUICK: RunConfig = {
  model: { blockSize: 32, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0 },
  train: {
    steps: 40, batchSize: 16, contextLength: 32, lr: 1e-2, warmup: 5, weightDecay: 0.1, clip: 1,
    evalEvery: 20, evalWindows: 64, seed: 0,
  },
  finalEvalWindows: 64,
  sample: { length: 100, temperature: 0.8, topK: 20 },
};
