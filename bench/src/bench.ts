/**
 * The bench as a library: pick workloads and peers, run every case on every selected engine in this
 * process, and return the entries plus the memory report. `main.ts` is the command line around it.
 */
import { cpus, loadavg } from 'node:os';
import { jaxInfo } from './peers/jax.js';
import { tfInfo } from './peers/tfjs.js';
import { ALL_PEERS, PEER_ENGINES, collectGarbage, runCase, type EngineId, type Entry, type PeerId, type Workload } from './runner.js';
import { measureMemory, type MemoryReport } from './workloads/memory.js';
import { w1 } from './workloads/w1-matmul.js';
import { w2 } from './workloads/w2-mlp.js';
import { w3 } from './workloads/w3-cnn.js';
import { w4 } from './workloads/w4-scalar.js';
import { w5 } from './workloads/w5-tanh.js';
import { w6 } from './workloads/w6-chain.js';

/** W1..W6 in table order. */
export const WORKLOADS: readonly Workload[] = [w1, w2, w3, w4, w5, w6];
/** Workload ids accepted by `--workloads`; MEM is the memory run. */
export const WORKLOAD_IDS: readonly string[] = [...WORKLOADS.map((w) => w.id), 'MEM'];

/** What to run and how often. */
export interface BenchOptions {
  workloads: readonly string[];
  peers: readonly PeerId[];
  quick: boolean;
  runs: number;
  warmup: number;
  /** Called after each engine finishes a case (progress on stderr). */
  onEntry?: (e: Entry) => void;
}

/** Everything results.json holds: run metadata, one entry per figure, and the memory run. */
export interface BenchReport {
  meta: Record<string, unknown>;
  results: Entry[];
  memory: MemoryReport | null;
}

/** All workloads and peers; 10 runs after 2 warm-up, or 2 after 1 in quick mode. */
export const defaultOptions = (quick: boolean): BenchOptions => ({
  workloads: WORKLOAD_IDS, peers: ALL_PEERS, quick, runs: quick ? 2 : 10, warmup: quick ? 1 : 2,
});

/** Runs the selected workloads (memory first), every case on nabla and each selected peer. */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const engines: EngineId[] = ['nabla', ...opts.peers.flatMap((p) => PEER_ENGINES[p])];
  const startLoad = loadavg();
  const started = Date.now();
  // Memory first, so RSS and heap describe nabla alone rather than the peers' wasm memories and tensors.
  const memory = opts.workloads.includes('MEM') ? await measureMemory(opts.quick) : null;
  const results: Entry[] = [];
  for (const w of WORKLOADS.filter((w) => opts.workloads.includes(w.id))) {
    for (const c of w.cases({ quick: opts.quick })) {
      for (const engine of engines) {
        const setup = c.engines[engine];
        if (setup === undefined) continue;
        collectGarbage(); // start every engine from a collected heap
        const entries = await runCase(w.id, c, engine, setup, { warmup: opts.warmup, runs: opts.runs });
        results.push(...entries);
        entries.forEach((e) => opts.onEntry?.(e));
      }
    }
  }
  const meta = {
    date: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    node: process.version, platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown', cpuCount: cpus().length,
    loadavgStart: startLoad.map((l) => Math.round(l * 100) / 100), loadavgEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    quick: opts.quick, runs: opts.runs, warmup: opts.warmup, workloads: opts.workloads, peers: opts.peers,
    threads: { nabla: '1 (TypeScript kernels on the main thread)', tfjs: tfInfo(), jax: jaxInfo() },
    ratio: 'nabla / engine on the row metric: for ms below 1 means nabla is faster; for GFLOP/s and GB/s above 1 does',
    titles: Object.fromEntries(WORKLOADS.map((w) => [w.id, w.title])),
  };
  return { meta, results, memory };
}
