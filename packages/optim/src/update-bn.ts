import { ValueError, describe, noGrad } from '@nabla/autograd';

/** What `updateBn` needs of a model: its sub-modules, train mode and forward (every `Module` and `AveragedModel` fits). */
export interface BnUpdatable {
  /** Every sub-module, this one first. */
  modules(): unknown[];
  /** True in training mode. */
  training: boolean;
  /** Sets training mode. */
  train(mode?: boolean): unknown;
  /** The computation, called with one batch of inputs. */
  forward(x: never): unknown;
}

/** A batch-norm layer as updateBn sees it: running statistics it can reset and a momentum it can switch. */
interface BatchNormLike {
  momentum: number | null;
  resetRunningStats(): void;
}

const isBatchNorm = (m: unknown): m is BatchNormLike =>
  m !== null && typeof m === 'object' && typeof (m as { resetRunningStats?: unknown }).resetRunningStats === 'function' && 'momentum' in m;

/**
 * Recomputes the running statistics of every batch-norm layer of `model` with one pass over `loader`
 * (PyTorch's `torch.optim.swa_utils.update_bn`), as needed after averaging weights with `AveragedModel`:
 * each layer's statistics are reset and its momentum set to null (a cumulative average over the batches),
 * the model runs in training mode on every batch (the first element of a batch that is an array, such as
 * `[x, y]`), then the momenta and the training mode are restored, even if a forward pass throws. Batch-norm
 * layers are recognised by their `resetRunningStats()` method and `momentum` field. The forward passes run
 * under noGrad (PyTorch records the graph, but no gradient is ever taken).
 * @example
 * updateBn(trainLoader, swaModel);
 */
export function updateBn(loader: Iterable<unknown>, model: BnUpdatable): void {
  const op = 'updateBn';
  if (loader === null || typeof (loader as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
    throw new ValueError(`${op}: loader must be an iterable of batches (a DataLoader or an array), got ${describe(loader)}`);
  }
  const ok = model !== null && typeof model === 'object' && ['modules', 'train', 'forward'].every((k) => typeof (model as unknown as Record<string, unknown>)[k] === 'function');
  if (!ok) throw new ValueError(`${op}: model must have modules(), train() and forward() (a Module or AveragedModel), got ${describe(model)}`);
  const momenta = new Map<BatchNormLike, number | null>();
  for (const m of model.modules()) if (isBatchNorm(m)) momenta.set(m, m.momentum);
  if (momenta.size === 0) return;
  const wasTraining = model.training;
  for (const bn of momenta.keys()) bn.resetRunningStats();
  try {
    model.train(true);
    for (const bn of momenta.keys()) bn.momentum = null;
    noGrad(() => {
      for (const batch of loader) model.forward((Array.isArray(batch) ? batch[0] : batch) as never);
    });
  } finally {
    for (const [bn, m] of momenta) bn.momentum = m;
    model.train(wasTraining);
  }
}
