/**
 * nabla on each of its backends: the `nabla` engine runs a workload's nabla setup with `setBackend('wasm')`
 * and `nabla-cpu` runs the same setup with `setBackend('cpu')`. The backend is set for the setup and again
 * around every step, and the previous one restored afterwards, so interleaved engines never inherit
 * another engine's backend.
 */
import { getBackend, setBackend, type BackendName } from '@nabla/autograd';
import { NotAvailable, type Case, type EngineId, type Setup, type SetupEngine, type Step } from './runner.js';

/** The backend each nabla engine runs on. */
export const NABLA_BACKENDS: Partial<Record<EngineId, BackendName>> = { nabla: 'wasm', 'nabla-cpu': 'cpu' };

/**
 * Runs `fn` with backend `name` and restores the previous backend when it returns, throws or (for a
 * promise) settles. Throws NotAvailable when the backend cannot be selected (`'wasm'` without SIMD falls
 * back to `'cpu'`, which would mislabel the figures).
 */
export function withBackend<T>(name: BackendName, fn: () => T): T {
  const previous = setBackend(name);
  let async = false;
  try {
    const got = getBackend().name;
    if (got !== name) throw new NotAvailable(`backend '${name}' is not available here (setBackend gave '${got}')`);
    const result = fn();
    if (result instanceof Promise) {
      async = true;
      return result.finally(() => setBackend(previous)) as T;
    }
    return result;
  } finally {
    if (!async) setBackend(previous);
  }
}

/** `setup` and every step it returns, run on backend `name`. */
export function onBackend(name: BackendName, setup: Setup): Setup {
  return async () => {
    const step: Step = await withBackend(name, setup);
    return () => withBackend(name, step);
  };
}

/** The setup engine `engine` runs for case `c`: the nabla setup on the engine's backend, or the peer's own. */
export function setupFor(c: Case, engine: EngineId): Setup | undefined {
  const backend = NABLA_BACKENDS[engine];
  if (backend === undefined) return c.engines[engine as SetupEngine];
  const nabla = c.engines.nabla;
  return nabla === undefined ? undefined : onBackend(backend, nabla);
}
