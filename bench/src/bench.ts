/**
 * The bench as a library: pick workloads and peers, run every case on every selected engine in this
 * process, and return the entries plus the memory report. `main.ts` is the command line around it.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { NABLA_BACKENDS, NABLA_ENGINES, isNabla, nablaThreads, setupFor } from './backends.js';
import { jaxInfo } from './peers/jax.js';
import { tfInfo } from './peers/tfjs.js';
import { ALL_PEERS, PEER_ENGINES, collectGarbage, type Case, type EngineId, type Entry, type PeerId, type Workload } from './runner.js';
import { checkTargets, type TargetResult } from './targets.js';
import { runEngines, threadsOrOne, type Timed } from './timing.js';
import { measureMemory, type MemoryReport } from './workloads/memory.js';
import { w1 } from './workloads/w1-matmul.js';
import { w2 } from './workloads/w2-mlp.js';
import { w3 } from './workloads/w3-cnn.js';
import { w4 } from './workloads/w4-scalar.js';
import { w5 } from './workloads/w5-tanh.js';
import { w6 } from './workloads/w6-chain.js';
import { w7 } from './workloads/w7-digits.js';
import { w8 } from './workloads/w8-names.js';
import { w9 } from './workloads/w9-gpt.js';
import { w10 } from './workloads/w10-jacrev.js';
import { w11 } from './workloads/w11-per-sample.js';

/** W1..W11 in table order. */
export const WORKLOADS: readonly Workload[] = [w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11];
/** Workload ids accepted by `--workloads`; MEM is the memory run. */
export const WORKLOAD_IDS: readonly string[] = [...WORKLOADS.map((w) => w.id), 'MEM'];

/** What to run and how often. */
export interface BenchOptions {
  workloads: readonly string[];
  peers: readonly PeerId[];
  quick: boolean;
  runs: number;
  warmup: number;
  /** Untimed warm-up time per engine and case, after the `warmup` runs (see runEngines). */
  warmupMs: number;
  /** Timed time per engine and case at least: more runs after the `runs` ones until it is reached (see runEngines). */
  minTimeMs: number;
  /** W2 steps of the memory run, per backend. */
  memSteps: number;
  /** Called after each engine finishes a case (progress on stderr). */
  onEntry?: (e: Entry) => void;
}

/** Everything results.json holds: run metadata, one entry per figure, the targets checked on them, and the memory run. */
export interface BenchReport {
  meta: BenchMeta;
  results: Entry[];
  targets: TargetResult[];
  memory: MemoryReport | null;
}

/**
 * Threads engine `engine` runs its kernels on: nabla's engines as `getNumThreads()` gives under their
 * settings (1 on cpu); tfjs-wasm as its `getThreadsCount()` (pinned to 1); jax-js (no Worker in Node),
 * tfjs-cpu and micrograd run on the calling thread.
 */
export function threadsOf(engine: EngineId): number {
  if (isNabla(engine)) return nablaThreads(engine);
  const tfWasm = tfInfo().wasmThreads;
  return engine === 'tfjs-wasm' && typeof tfWasm === 'number' ? tfWasm : 1;
}

/**
 * Engines timed in alternation: `nabla` and `nabla-1t` run the same code on the same backend and differ only
 * in their thread count, and issue 14's targets are their ratio, so a burst of load from elsewhere must fall
 * on both alike. Every other engine is timed on its own.
 */
export const INTERLEAVED: readonly EngineId[] = ['nabla', 'nabla-1t'];

/** The engines of `engines` that have a setup for case `c`, grouped as they are timed, in table order. */
export function timingGroups(c: Case, engines: readonly EngineId[]): Timed[][] {
  const timed = engines.flatMap((engine): Timed[] => {
    const setup = setupFor(c, engine);
    return setup === undefined ? [] : [{ engine, setup, threadsOf: () => threadsOf(engine) }];
  });
  const paired = timed.filter((x) => INTERLEAVED.includes(x.engine));
  const rest = timed.filter((x) => !INTERLEAVED.includes(x.engine)).map((x) => [x]);
  return paired.length > 0 ? [paired, ...rest] : rest;
}

/**
 * All workloads and peers; 10 runs after 2 warm-up runs and at least 0.5 s of warm-up, and 1,000 memory steps;
 * or 2 runs after 1 and 20 steps in quick mode.
 */
export const defaultOptions = (quick: boolean): BenchOptions => ({
  workloads: WORKLOAD_IDS, peers: ALL_PEERS, quick, runs: quick ? 2 : 10, warmup: quick ? 1 : 2, warmupMs: quick ? 0 : 500, minTimeMs: quick ? 0 : 1000, memSteps: quick ? 20 : 1000,
});

/** Runs the selected workloads (memory first), every case on nabla and each selected peer. */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const engines: EngineId[] = ['nabla', ...opts.peers.flatMap((p) => PEER_ENGINES[p])];
  const startLoad = loadavg();
  const started = Date.now();
  // Memory first, while nothing else runs: one child process per nabla backend selected.
  const memBackends = [...new Set(engines.flatMap((e) => NABLA_BACKENDS[e] ?? []))];
  const memory = opts.workloads.includes('MEM') ? await measureMemory({ steps: opts.memSteps, quick: opts.quick, backends: memBackends }) : null;
  const results: Entry[] = [];
  for (const w of WORKLOADS.filter((w) => opts.workloads.includes(w.id))) {
    for (const c of w.cases({ quick: opts.quick })) {
      for (const group of timingGroups(c, engines)) {
        collectGarbage(); // start every engine (or interleaved pair) from a collected heap
        const entries = await runEngines(w.id, c, group, { warmup: opts.warmup, runs: opts.runs, warmupMs: opts.warmupMs, minTimeMs: opts.minTimeMs });
        results.push(...entries);
        entries.forEach((e) => opts.onEntry?.(e));
      }
    }
  }
  const meta = metaOf(opts, engines, results, started, startLoad);
  return { meta, results, targets: checkTargets(results), memory };
}

const round2 = (l: number) => Math.round(l * 100) / 100;

/** Each engine's thread count: as its rows recorded it, else as it would run now (1 if it cannot be selected). */
function threadsByEngine(engines: readonly EngineId[], results: readonly Entry[]): Partial<Record<EngineId, number>> {
  return Object.fromEntries(engines.map((e) => [e, results.find((r) => r.engine === e)?.threads ?? threadsOrOne(() => threadsOf(e))]));
}

/** The run's metadata: machine, threads, options, and what the ratio column means. */
function metaOf(opts: BenchOptions, engines: readonly EngineId[], results: readonly Entry[], started: number, startLoad: number[]) {
  const threads = threadsByEngine(engines, results);
  return {
    date: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    node: process.version, platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown', cpuCount: cpus().length, availableParallelism: availableParallelism(),
    loadavgStart: startLoad.map(round2), loadavgEnd: loadavg().map(round2),
    quick: opts.quick, runs: opts.runs, warmup: opts.warmup, warmupMs: opts.warmupMs, minTimeMs: opts.minTimeMs, memSteps: opts.memSteps, workloads: opts.workloads, peers: opts.peers,
    backends: NABLA_BACKENDS,
    threads,
    threading: {
      nabla: `wasm kernels split over a worker pool: nabla on ${threads.nabla ?? '?'} threads (the default, os.availableParallelism()), ` +
        'nabla-1t on 1 (setNumThreads(1)); nabla-cpu on the TypeScript kernels, which run on the calling thread',
      nablaEngines: NABLA_ENGINES, tfjs: tfInfo(), jax: jaxInfo(),
    },
    ratio: 'nabla / engine on the row metric: for ms below 1 means nabla is faster; for GFLOP/s, GB/s and tokens/s above 1 does',
    titles: Object.fromEntries(WORKLOADS.map((w) => [w.id, w.title])),
  };
}

/** results.json's `meta`. */
export type BenchMeta = ReturnType<typeof metaOf>;
