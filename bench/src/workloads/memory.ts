/**
 * Memory: nabla's W2 training step run many times (1,000 by default, `--mem-steps`; quick: 20) on each
 * backend, each in a fresh child process so neither backend's high-water mark (wasm memories never shrink)
 * shows in the other's RSS. RSS is taken after 10 warm-up steps and sampled after every step for the peak;
 * `heapUsed` and `external` (ArrayBuffer and wasm memory bytes) after a forced full GC, at the start and
 * every tenth of the run, so growth that survives collection (a leak) shows as a trend.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '@nabla/autograd';
import { asEngineSetup, nablaThreads, type NablaEngine } from '../backends.js';
import { collectGarbage, reasonOf } from '../runner.js';
import { nablaMlpStep, W2_FULL, W2_QUICK } from './w2-mlp.js';

/** One backend's run; sizes in MB, traces after GC at the start and after each tenth of the steps. */
export type MemoryRun =
  | {
      status: 'ok';
      backend: BackendName;
      threads: number;
      steps: number;
      gcForced: boolean;
      rssStartMB: number;
      rssPeakMB: number;
      heapStartMB: number;
      heapEndMB: number;
      heapGrowthMB: number;
      heapTraceMB: number[];
      externalStartMB: number;
      externalEndMB: number;
      externalGrowthMB: number;
      externalTraceMB: number[];
    }
  | { status: 'n/a'; backend: BackendName; reason: string };

/** Both backends' runs and the ratio of their peak RSS (null unless both ran). */
export interface MemoryReport {
  steps: number;
  runs: MemoryRun[];
  /** Peak RSS on wasm / peak RSS on cpu. */
  rssPeakRatio: number | null;
}

const MB = 1024 * 1024;
const round = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

function afterGc(): { heap: number; external: number } {
  collectGarbage();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}

/**
 * Runs `steps` W2 steps on `backend` in this process and watches its memory: wasm as the `nabla` engine (the
 * default thread count, so worker threads count in its RSS), cpu as `nabla-cpu`.
 */
export async function measureInProcess(backend: BackendName, steps: number, quick: boolean): Promise<MemoryRun> {
  const engine: NablaEngine = backend === 'wasm' ? 'nabla' : 'nabla-cpu';
  try {
    const step = await asEngineSetup(engine, () => nablaMlpStep(quick ? W2_QUICK : W2_FULL))();
    for (let i = 0; i < 10; i++) await step();
    const gcForced = collectGarbage();
    const trace = [afterGc()];
    const rssStart = process.memoryUsage.rss();
    let rssPeak = rssStart;
    const every = Math.max(1, Math.floor(steps / 10));
    for (let i = 1; i <= steps; i++) {
      await step();
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      if (i % every === 0) trace.push(afterGc());
    }
    const [start, end] = [trace[0]!, trace.at(-1)!];
    return {
      status: 'ok', backend, threads: nablaThreads(engine), steps, gcForced, rssStartMB: round(rssStart), rssPeakMB: round(rssPeak),
      heapStartMB: round(start.heap), heapEndMB: round(end.heap), heapGrowthMB: round(end.heap - start.heap),
      heapTraceMB: trace.map((t) => round(t.heap)),
      externalStartMB: round(start.external), externalEndMB: round(end.external),
      externalGrowthMB: round(end.external - start.external), externalTraceMB: trace.map((t) => round(t.external)),
    };
  } catch (e) {
    return { status: 'n/a', backend, reason: reasonOf(e) };
  }
}

/** Runs measureInProcess in a fresh Node process (same flags and loader as this one); its stderr passes through. */
function measureInChild(backend: BackendName, steps: number, quick: boolean): Promise<MemoryRun> {
  const child = fileURLToPath(new URL('../memory-child.ts', import.meta.url));
  const args = [...process.execArgv, child, backend, String(steps), quick ? 'quick' : 'full'];
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const fail = (reason: string) => resolve({ status: 'n/a', backend, reason });
    proc.on('error', (e) => fail(reasonOf(e)));
    proc.on('close', (code, signal) => {
      if (code !== 0) return fail(`error: memory child exited with ${signal ?? `code ${code}`}`);
      try {
        resolve(JSON.parse(out) as MemoryRun);
      } catch {
        fail(`error: memory child printed no report (${out.slice(0, 80)})`);
      }
    });
  });
}

/** The memory run on each of `backends` in turn, one child process each. */
export async function measureMemory(opts: { steps: number; quick: boolean; backends: readonly BackendName[] }): Promise<MemoryReport> {
  const runs: MemoryRun[] = [];
  for (const b of opts.backends) runs.push(await measureInChild(b, opts.steps, opts.quick));
  const peak = (b: BackendName) => {
    const r = runs.find((x) => x.backend === b);
    return r?.status === 'ok' ? r.rssPeakMB : undefined;
  };
  const [wasm, cpu] = [peak('wasm'), peak('cpu')];
  return { steps: opts.steps, runs, rssPeakRatio: wasm !== undefined && cpu !== undefined ? wasm / cpu : null };
}
