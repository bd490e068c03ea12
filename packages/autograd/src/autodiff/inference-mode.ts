import { noGrad } from './grad-mode.js';
import { checkSyncCallback } from './sync-scope.js';

let depth = 0;

/** True inside `inferenceMode`: tensors created now are inference tensors. */
export function isInferenceMode(): boolean {
  return depth > 0;
}

/**
 * Runs `fn` like `noGrad`, and marks every tensor created inside as an inference tensor, which can never
 * require grad afterwards (PyTorch's `torch.inference_mode`): `setRequiresGrad(true)` on one throws a
 * GraphError saying why; `clone()` it outside the block to get an ordinary tensor. Synchronous only.
 * @example
 * const y = inferenceMode(() => model.forward(x)); // no graph; y.setRequiresGrad() would throw
 */
export function inferenceMode<T>(fn: () => T): T {
  checkSyncCallback('inferenceMode', fn);
  depth++;
  try {
    return noGrad(fn);
  } finally {
    depth--;
  }
}
