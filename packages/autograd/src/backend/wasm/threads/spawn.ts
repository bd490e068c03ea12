import { WORKER_SOURCE } from './protocol.js';

/** What the pool needs of a worker, whichever platform made it. */
export interface WorkerHandle {
  terminate(): void;
}

/** Start-up data a worker receives (module and memory are shared, not copied). */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  scratch: number;
  /** Int32 index of the task table in `control` (protocol.ts's taskBase(MAX_THREADS, 0)). */
  taskTable: number;
}

interface NodeWorkerThreads {
  Worker: new (code: string, opts: { eval: true; workerData: WorkerInit; execArgv: string[] }) => WorkerHandle & { unref(): void };
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  versions?: { node?: string };
}

// Node's worker_threads, reached without a static `node:` import so this package still runs in browsers
// (process.getBuiltinModule exists from Node 20.16 and 22.3).
function nodeWorkerThreads(): NodeWorkerThreads | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (proc?.versions?.node === undefined || typeof proc.getBuiltinModule !== 'function') return null;
  return (proc.getBuiltinModule('node:worker_threads') as NodeWorkerThreads | undefined) ?? null;
}

/** True where worker threads can share wasm memory: Node, or a cross-origin-isolated page with Workers. */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  if (nodeWorkerThreads() !== null) return true;
  const g = globalThis as { Worker?: unknown; crossOriginIsolated?: boolean; Blob?: unknown; URL?: { createObjectURL?: unknown } };
  return typeof g.Worker === 'function' && g.crossOriginIsolated === true && typeof g.Blob === 'function';
}

/** The number of cores the platform reports (Node's availableParallelism, navigator.hardwareConcurrency). */
export function coreCount(): number {
  const os = (globalThis as { process?: NodeProcess }).process?.getBuiltinModule?.('node:os') as
    | { availableParallelism?: () => number }
    | undefined;
  if (typeof os?.availableParallelism === 'function') return os.availableParallelism();
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/**
 * Starts one worker running WORKER_SOURCE. Node workers are unref'd, so a process that used the pool still
 * exits by itself when its own work is done (a worker parked in Atomics.wait holds nothing).
 */
export function spawnWorker(init: WorkerInit): WorkerHandle {
  const wt = nodeWorkerThreads();
  if (wt !== null) {
    // execArgv: [] keeps the parent's loader flags (tsx, test runners' hooks) out of a worker that needs none.
    const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: init, execArgv: [] });
    w.unref();
    return w;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  w.postMessage(init);
  return w;
}
