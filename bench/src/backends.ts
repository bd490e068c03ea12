/**
 * nabla's engines: `nabla` runs a workload's nabla setup on the wasm backend with the default thread count
 * (`os.availableParallelism()`), `nabla-1t` the same on one thread (`setNumThreads(1)`), and `nabla-cpu` on the
 * TypeScript kernels (single-threaded; the thread count is set to 1 there too). The backend and thread count
 * are set for the setup and again around every step, and the previous ones restored afterwards, so
 * interleaved engines never inherit another engine's backend or threads.
 */
import { availableParallelism } from 'node:os';
import { getBackend, getNumThreads, setBackend, setNumThreads, type BackendName } from '@nabla/autograd';
import { NotAvailable, type Case, type EngineId, type Setup, type SetupEngine, type Step } from './runner.js';

/** The engines that run nabla's own setup. */
export type NablaEngine = 'nabla' | 'nabla-1t' | 'nabla-cpu';

/** Backend and requested thread count of each nabla engine ('all' = `os.availableParallelism()`, the default). */
export const NABLA_ENGINES: Record<NablaEngine, { backend: BackendName; threads: number | 'all' }> = {
  nabla: { backend: 'wasm', threads: 'all' },
  'nabla-1t': { backend: 'wasm', threads: 1 },
  'nabla-cpu': { backend: 'cpu', threads: 1 },
};

/** The backend each nabla engine runs on (results.json's `meta.backends`). */
export const NABLA_BACKENDS: Partial<Record<EngineId, BackendName>> = Object.fromEntries(
  Object.entries(NABLA_ENGINES).map(([e, { backend }]) => [e, backend]),
);

/** Whether `engine` runs nabla's own setup. */
export const isNabla = (engine: EngineId): engine is NablaEngine => Object.hasOwn(NABLA_ENGINES, engine);

/** Runs `fn` with `set(value)` in force and `restore()` called when it returns, throws or (a promise) settles. */
function around<T>(set: () => void, restore: () => void, fn: () => T): T {
  set();
  let async = false;
  try {
    const result = fn();
    if (result instanceof Promise) {
      async = true;
      return result.finally(restore) as T;
    }
    return result;
  } finally {
    if (!async) restore();
  }
}

/**
 * Runs `fn` with backend `name` and restores the previous backend when it returns, throws or (for a
 * promise) settles. Throws NotAvailable when the backend cannot be selected (`'wasm'` without SIMD falls
 * back to `'cpu'`, which would mislabel the figures).
 */
export function withBackend<T>(name: BackendName, fn: () => T): T {
  let previous = getBackend();
  return around(() => (previous = setBackend(name)), () => setBackend(previous), () => {
    const got = getBackend().name;
    if (got !== name) throw new NotAvailable(`backend '${name}' is not available here (setBackend gave '${got}')`);
    return fn();
  });
}

/**
 * Runs `fn` with `setNumThreads(n)` and restores the previous count when it returns, throws or settles. Where
 * the wasm kernels cannot load (no SIMD: `getNumThreads()` throws) there is no pool, and `fn` runs as it is.
 */
export function withThreads<T>(n: number, fn: () => T): T {
  let previous: number;
  try {
    previous = getNumThreads();
  } catch {
    return fn();
  }
  return around(() => setNumThreads(n), () => setNumThreads(previous), fn);
}

/** The thread count nabla engine `engine` asks for. */
const requestedThreads = (engine: NablaEngine): number => {
  const t = NABLA_ENGINES[engine].threads;
  return t === 'all' ? availableParallelism() : t;
};

/** Runs `fn` as nabla engine `engine`: its backend and its thread count, both restored afterwards. */
export function asEngine<T>(engine: NablaEngine, fn: () => T): T {
  return withBackend(NABLA_ENGINES[engine].backend, () => withThreads(requestedThreads(engine), fn));
}

/**
 * Threads nabla engine `engine`'s kernels run on: what `getNumThreads()` gives under the engine's settings
 * (1 where memory cannot be shared), and 1 on the cpu backend, whose TypeScript kernels never split.
 */
export function nablaThreads(engine: NablaEngine): number {
  return NABLA_ENGINES[engine].backend === 'cpu' ? 1 : asEngine(engine, getNumThreads);
}

/** `setup` and every step it returns, run as nabla engine `engine`. */
export function asEngineSetup(engine: NablaEngine, setup: Setup): Setup {
  return async () => {
    const step: Step = await asEngine(engine, setup);
    return () => asEngine(engine, step);
  };
}

/** The setup engine `engine` runs for case `c`: the nabla setup as that nabla engine, or the peer's own. */
export function setupFor(c: Case, engine: EngineId): Setup | undefined {
  if (!isNabla(engine)) return c.engines[engine as SetupEngine];
  const nabla = c.engines.nabla;
  return nabla === undefined ? undefined : asEngineSetup(engine, nabla);
}
