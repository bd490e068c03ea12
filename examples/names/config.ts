/** Model sizes and training settings of the names example, for full and quick (CI) mode. */
import type { CharLstmOptions } from './model.js';
import type { TrainConfig } from './train.js';

/** Everything a run needs besides the data. */
export interface NamesConfig {
  model: Omit<CharLstmOptions, 'seed'>;
  train: TrainConfig;
  /** Words held out to measure the loss on (never trained on). */
  heldOut: number;
  /** Temperature of the 20 samples printed at the end. */
  temperature: number;
}

/** Full mode (`pnpm example names`): a few minutes on two cores; see the README for the loss it reaches. */
export const FULL: NamesConfig = {
  model: { embedding: 24, hidden: 128 },
  train: { steps: 1200, batchSize: 64, lr: 1e-2, clip: 1, evalEvery: 120, seed: 0 },
  heldOut: 2000,
  temperature: 0.8,
};

/** Quick mode (`--quick`, CI): a small model for a few seconds, enough for the loss to fall well below ln(27). */
export const QUICK: NamesConfig = {
  model: { embedding: 8, hidden: 32 },
  train: { steps: 60, batchSize: 32, lr: 2e-2, clip: 1, evalEvery: 30, seed: 0 },
  heldOut: 500,
  temperature: 0.8,
};
