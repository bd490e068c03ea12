/**
 * Workload and result types, medians, failure reasons and forced GC; the timing loop is in timing.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Every engine a workload can run on. `nabla` is nabla on its wasm backend with the default thread count (all
 * cores), `nabla-1t` the same on one thread, and `nabla-cpu` the same code on the TypeScript kernels (see
 * backends.ts); `jax-eager` and `jax-jit` both come from the `jax` peer.
 */
export type EngineId = 'nabla' | 'nabla-1t' | 'nabla-cpu' | 'tfjs-cpu' | 'tfjs-wasm' | 'jax-eager' | 'jax-jit' | 'micrograd';
/** The engines a workload writes a setup for: `nabla-1t` and `nabla-cpu` reuse the `nabla` setup. */
export type SetupEngine = Exclude<EngineId, 'nabla-1t' | 'nabla-cpu'>;
/** Peers as named on the command line (`--peers`). */
export type PeerId = 'nabla-1t' | 'nabla-cpu' | 'tfjs-cpu' | 'tfjs-wasm' | 'jax' | 'micrograd';
export const ALL_PEERS: readonly PeerId[] = ['nabla-1t', 'nabla-cpu', 'tfjs-cpu', 'tfjs-wasm', 'jax', 'micrograd'];
export const PEER_ENGINES: Record<PeerId, readonly EngineId[]> = {
  'nabla-1t': ['nabla-1t'],
  'nabla-cpu': ['nabla-cpu'],
  'tfjs-cpu': ['tfjs-cpu'],
  'tfjs-wasm': ['tfjs-wasm'],
  jax: ['jax-eager', 'jax-jit'],
  micrograd: ['micrograd'],
};

/** How a case is reported: wall time per run, or a rate computed as `amount / time`. */
export type Metric = { unit: 'ms' } | { unit: 'GFLOP/s' | 'GB/s' | 'tokens/s'; amount: number; formula: string };

/** One timed run; it must force its results (read a value back) before returning (or resolving). */
export type Step = () => void | Promise<void>;
/** Builds an engine's inputs and returns its step; throws `NotAvailable` when the engine cannot run it. */
export type Setup = () => Promise<Step> | Step;

/** One row group of the table: a workload at one size, timed on every engine that has a setup. */
export interface Case {
  name: string;
  metrics: Metric[];
  engines: Partial<Record<SetupEngine, Setup>>;
}

/** Options every workload sees. */
export interface WorkloadOptions {
  quick: boolean;
}

/** A benchmark workload: an id such as 'W1', a title, and its cases at the chosen sizes. */
export interface Workload {
  id: string;
  title: string;
  cases(opts: WorkloadOptions): Case[];
}

/** Thrown by a setup (or a step) to report an engine that cannot run a workload, with the reason. */
export class NotAvailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAvailable';
  }
}

/**
 * A measured figure (`status: 'ok'`) or an engine that did not run (`status: 'n/a'`, with the reason).
 * `threads` is how many threads the engine's kernels ran on.
 */
export type Entry =
  | { workload: string; case: string; engine: EngineId; threads: number; unit: string; status: 'ok'; median: number; min: number; max: number; runs: number; samplesMs: number[] }
  | { workload: string; case: string; engine: EngineId; threads: number; unit: string; status: 'n/a'; reason: string };

/** Untimed warm-up runs, then timed runs. */
export interface TimingOptions {
  warmup: number;
  runs: number;
  /** Untimed warm-up time each engine gets at least (after its `warmup` runs); default 0. */
  warmupMs?: number;
  /** Timed time each engine gets at least: more rounds after the `runs` ones until every engine has it; default 0. */
  minTimeMs?: number;
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A short reason for a failure: stack overflows and missing APIs are named as such. */
export function reasonOf(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack overflow';
  if (e instanceof NotAvailable) return e.message;
  const msg = e instanceof Error ? (e.name === 'Error' ? e.message : `${e.name}: ${e.message}`) : String(e);
  return `error: ${msg.split('\n')[0]!.slice(0, 160)}`;
}

let gcFn: (() => void) | null | undefined;

/**
 * Asks V8 for a full collection. The bench script runs node with --expose-gc; elsewhere (vitest) the flag is
 * set at run time and `gc` fetched from a fresh context, which V8 allows. Returns false if neither works.
 */
export function collectGarbage(): boolean {
  if (gcFn === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') gcFn = exposed;
    else {
      try {
        setFlagsFromString('--expose-gc');
        const fn: unknown = runInNewContext('gc');
        gcFn = typeof fn === 'function' ? (fn as () => void) : null;
      } catch {
        gcFn = null;
      }
    }
  }
  if (gcFn === null) return false;
  gcFn();
  return true;
}
