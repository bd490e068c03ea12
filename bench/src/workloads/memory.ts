/**
 * Memory: nabla's W2 training step run many times (1,000; quick: 20) while watching the process; the bench
 * runs this before any other workload. RSS is taken after 10 warm-up steps and sampled after every step for
 * the peak; heap is `heapUsed` after a forced full GC, at the start and every tenth of the run, so growth
 * that survives collection (a leak) shows as a trend.
 */
import { collectGarbage, reasonOf } from '../runner.js';
import { nablaMlpStep, W2_FULL, W2_QUICK } from './w2-mlp.js';

/** Sizes in MB; `heapTraceMB` is heap after GC at the start and after each tenth of the steps. */
export type MemoryReport =
  | {
      status: 'ok';
      steps: number;
      gcForced: boolean;
      rssStartMB: number;
      rssPeakMB: number;
      heapStartMB: number;
      heapEndMB: number;
      heapGrowthMB: number;
      heapTraceMB: number[];
    }
  | { status: 'n/a'; reason: string };

const MB = 1024 * 1024;
const round = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Runs the memory measurement; n/a (with the reason) when nabla's nn/optim cannot run W2. */
export async function measureMemory(quick: boolean): Promise<MemoryReport> {
  const steps = quick ? 20 : 1000;
  try {
    const step = await nablaMlpStep(quick ? W2_QUICK : W2_FULL);
    for (let i = 0; i < 10; i++) step();
    const gcForced = collectGarbage();
    const trace = [heapAfterGc()];
    const rssStart = process.memoryUsage.rss();
    let rssPeak = rssStart;
    const every = Math.max(1, Math.floor(steps / 10));
    for (let i = 1; i <= steps; i++) {
      step();
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      if (i % every === 0) trace.push(heapAfterGc());
    }
    const [start, end] = [trace[0]!, trace.at(-1)!];
    return {
      status: 'ok', steps, gcForced, rssStartMB: round(rssStart), rssPeakMB: round(rssPeak),
      heapStartMB: round(start), heapEndMB: round(end), heapGrowthMB: round(end - start), heapTraceMB: trace.map(round),
    };
  } catch (e) {
    return { status: 'n/a', reason: reasonOf(e) };
  }
}
