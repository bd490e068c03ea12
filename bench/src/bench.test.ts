import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from './bench.js';
import { median, type EngineId, type Entry } from './runner.js';
import { fmt, formatDerived, formatMemory, formatTable, ratioOf } from './table.js';
import type { MemoryRun } from './workloads/memory.js';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'nabla-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[]) =>
  // The same command line as `pnpm bench`, in a child so tfjs's loader hook and jax's wasm stay out of vitest.
  promisify(execFile)(process.execPath, ['--expose-gc', '--conditions=@nabla/source', '--import', 'tsx', 'src/main.ts', ...args], { cwd: benchDir, timeout: 50_000 });

/** Threads each engine runs on: nabla all cores (the pool's default), every other engine one. */
const threadsOf = (engine: EngineId) => (engine === 'nabla' ? availableParallelism() : 1);

describe('pnpm bench --quick (as CI runs it)', () => {
  it('runs every workload on nabla, nabla-1t, nabla-cpu and every peer, writes a median per (workload, engine) that ran, and checks the targets', async () => {
    const out = join(tmp, 'results.json');
    const { stdout } = await run(['--quick', '--mem-steps', '7', '--out', out]);
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;

    expect(report.meta).toMatchObject({
      quick: true, memSteps: 7, availableParallelism: availableParallelism(), backends: { nabla: 'wasm', 'nabla-1t': 'wasm', 'nabla-cpu': 'cpu' },
      threads: { nabla: availableParallelism(), 'nabla-1t': 1, 'nabla-cpu': 1, 'tfjs-cpu': 1, 'tfjs-wasm': 1, 'jax-eager': 1, 'jax-jit': 1, micrograd: 1 },
    });
    const ok = report.results.filter((e) => e.status === 'ok');
    for (const e of ok) {
      expect(Number.isFinite(e.median) && e.median > 0, `${e.workload} ${e.case} ${e.engine} ${e.unit}`).toBe(true);
      expect(e.min).toBeLessThanOrEqual(e.median);
      expect(e.max).toBeGreaterThanOrEqual(e.median);
      expect(e.runs).toBe(2);
    }
    for (const e of report.results) {
      expect(e.threads, `${e.workload} ${e.engine}`).toBe(threadsOf(e.engine));
      if (e.status === 'n/a') expect(e.reason.length).toBeGreaterThan(0);
    }
    // Every workload has a figure on every nabla engine, and every engine ran somewhere (a broken peer setup fails here).
    const ran = new Set(ok.map((e) => `${e.workload} ${e.engine}`));
    for (const w of ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W9', 'W10', 'W11']) {
      for (const engine of ['nabla', 'nabla-1t', 'nabla-cpu']) expect(ran.has(`${w} ${engine}`), `${w} ${engine}`).toBe(true);
    }
    for (const engine of ['tfjs-cpu', 'tfjs-wasm', 'jax-eager', 'jax-jit', 'micrograd']) {
      expect(ok.some((e) => e.engine === engine), engine).toBe(true);
    }
    // W1 in both dtypes, float64 on nabla's backends only; W7, W8 and W9 on nabla's backends only.
    const enginesOf = (pred: (e: Entry) => boolean) => [...new Set(report.results.filter(pred).map((e) => e.engine))].sort();
    expect([...new Set(report.results.filter((e) => e.workload === 'W1').map((e) => e.case))]).toEqual(['f32 N=32', 'f32 N=64', 'f64 N=32', 'f64 N=64']);
    expect(enginesOf((e) => e.case.startsWith('f64'))).toEqual(['nabla', 'nabla-1t', 'nabla-cpu']);
    expect(enginesOf((e) => e.workload === 'W7' || e.workload === 'W8' || e.workload === 'W9')).toEqual(['nabla', 'nabla-1t', 'nabla-cpu']);
    // W10 and W11 (issue 17): nabla's engines and jax-js, both cases each; jax-js has no jitted row loop.
    expect(enginesOf((e) => e.workload === 'W10' || e.workload === 'W11')).toEqual(['jax-eager', 'jax-jit', 'nabla', 'nabla-1t', 'nabla-cpu']);
    expect(enginesOf((e) => e.case === 'vjp row loop')).toEqual(['jax-eager', 'nabla', 'nabla-1t', 'nabla-cpu']);

    // Targets from the same run: quick sizes have no N=512/1024 matmul, every other target row has its ratio.
    const targets = report.targets;
    expect(targets.map((t) => `#${t.issue} ${t.workload}`)).toEqual([
      '#13 W1', '#13 W1', '#13 W2', '#13 W3', '#13 W5', '#13 W4', '#13 W4', '#13 W6', '#14 W1', '#14 W2', '#14 W3', '#14 W4', '#14 W4', '#14 W6',
      '#17 W10', '#17 W11', '#17 W10', '#17 W11', '#17 W10', '#17 W11',
    ]);
    for (const t of targets) {
      if (t.workload === 'W1') {
        expect(t.status === 'n/a' && t.reason, `#${t.issue} ${t.case}`).toMatch(/^no nabla(-1t)? 'f(32|64) N=(512|1024)' row in this run$/);
        continue;
      }
      if (t.issue === 14 && availableParallelism() === 1) {
        expect(t.status === 'n/a' && t.reason).toBe('nabla ran on 1 thread here, no more than nabla-1t: nothing to compare');
        continue;
      }
      if (t.status === 'n/a') throw new Error(`#${t.issue} ${t.workload} ${t.case}: n/a: ${t.reason}`);
      const row = (f: typeof t.a) => ok.find((e) => e.workload === t.workload && e.case === f.case && e.engine === f.engine && e.unit === 'ms');
      expect([t.a.median, t.b.median]).toEqual([row(t.a)?.median, row(t.b)?.median]);
      expect([t.a.threads, t.b.threads]).toEqual([threadsOf(t.a.engine), threadsOf(t.b.engine)]);
      expect(t.ratio).toBe(t.a.median / t.b.median);
      expect(t.status).toBe((t.op === '<=' ? t.ratio <= t.bound : t.ratio >= t.bound) ? 'met' : 'not met');
    }

    const memory = report.memory!;
    expect(memory.steps).toBe(7);
    expect(memory.runs.map((r) => [r.backend, r.status])).toEqual([['wasm', 'ok'], ['cpu', 'ok']]);
    const [wasm, cpu] = memory.runs as Extract<MemoryRun, { status: 'ok' }>[];
    expect([wasm!.threads, cpu!.threads]).toEqual([availableParallelism(), 1]);
    for (const r of [wasm!, cpu!]) {
      expect(r).toMatchObject({ steps: 7, gcForced: true });
      expect(r.rssPeakMB).toBeGreaterThanOrEqual(r.rssStartMB);
      expect(r.heapTraceMB).toHaveLength(8); // start + after each of the 7 steps
      expect(r.externalTraceMB).toHaveLength(8);
    }
    expect(memory.rssPeakRatio).toBeCloseTo(wasm!.rssPeakMB / cpu!.rssPeakMB, 12);

    expect(stdout).toContain(`os.availableParallelism() ${availableParallelism()}`);
    expect(stdout).toContain('Median of at least 2 timed runs after 1 warm-up (threaded figures on a 2-vCPU machine are noisy: a reported figure needs at least 10). ' +
      `Kernel threads per engine: nabla ${availableParallelism()}, nabla-1t 1, nabla-cpu 1, tfjs-cpu 1, tfjs-wasm 1, jax-eager 1, jax-jit 1, micrograd 1 (the Threads column).`);
    expect(stdout).toMatch(new RegExp(`\\| W2 MLP training step .* \\| nabla +\\| ${availableParallelism()} +\\| ms `));
    expect(stdout).toMatch(/\| W2 MLP training step .* \| nabla-1t +\| 1 +\| ms /);
    const [met, checked] = [targets.filter((t) => t.status === 'met').length, targets.filter((t) => t.status !== 'n/a').length];
    expect(checked).toBe(availableParallelism() === 1 ? 12 : 17);
    expect(stdout).toContain(`Targets (issue 13: single thread; issue 14: threads; issue 17: vmap), ratios of figures in this run: ${met} of ${checked} checked met, ${20 - checked} not measured`);
    expect(stdout).toMatch(/\| #17 +\| W11 +\| per-sample vmap\(grad\) +\| nabla-1t \(1 thread\) \/ nabla-1t batched grad of the mean \(1 thread\) +\| ms +\| [\d.]+ +\| <= 3\.00 .*\| (met|not met) +\|/);
    expect(stdout).toMatch(/\| #14 +\| W6 +\| chain of 200 ops on \[1\] +\| nabla \(\d+ threads?\) \/ nabla-1t \(1 thread\) +\| ms +\| [\d.]* +\| <= 1\.00 \(no slower than 1 thread\) +\| (met|not met|n\/a: .*) +\|/);
    expect(stdout).toMatch(/\| W1 matmul, square +\| f64 N=64 +\| nabla-cpu \| 1 +\| GFLOP\/s +\|/);
    expect(stdout).toMatch(/\| W8 names LSTM training step \(examples\/names\) +\| .* \| nabla-cpu \| 1 +\| ms /);
    expect(stdout).toMatch(/W1 nabla float64 \/ float32 GFLOP\/s: N=32 [\d.]+, N=64 [\d.]+/);
    expect(stdout).toContain(`peak RSS wasm / cpu: ${fmt(memory.rssPeakRatio!)}`);
  }, 55_000);

  it('--peers nabla-1t runs nabla and nabla-1t alone; targets naming other engines say their rows are missing', async () => {
    const out = join(tmp, 'peers.json');
    const { stdout } = await run(['--quick', '--workloads', 'W6', '--peers', 'nabla-1t', '--out', out]);
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    expect(report.meta).toMatchObject({ peers: ['nabla-1t'], threads: { nabla: availableParallelism(), 'nabla-1t': 1 } });
    expect(Object.keys(report.meta.threads)).toEqual(['nabla', 'nabla-1t']);
    expect(report.results.map((e) => [e.workload, e.engine, e.threads, e.status])).toEqual([
      ['W6', 'nabla', availableParallelism(), 'ok'], ['W6', 'nabla-1t', 1, 'ok'],
    ]);
    const w6 = report.targets.filter((t) => t.workload === 'W6');
    expect(w6.map((t) => [t.issue, t.status === 'n/a' ? t.reason : 'ratio'])).toEqual([
      [13, "no nabla-cpu 'chain of 200 ops on [1]' row in this run"],
      [14, availableParallelism() === 1 ? 'nabla ran on 1 thread here, no more than nabla-1t: nothing to compare' : 'ratio'],
    ]);
    expect(report.memory).toBeNull();
    expect(stdout).toContain('Targets (issue 13: single thread; issue 14: threads; issue 17: vmap)');
  });

  it('refuses a --mem-steps that is not a positive integer, and a fractional --min-time', async () => {
    const failure = await run(['--quick', '--mem-steps', '0']).then(() => null, (e: unknown) => e as { code: number; stderr: string });
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("--mem-steps: expected a positive integer, got '0'");
    const minTime = await run(['--quick', '--min-time', '1.5']).then(() => null, (e: unknown) => e as { code: number; stderr: string });
    expect(minTime?.code).toBe(2);
    expect(minTime?.stderr).toContain("--min-time: expected a positive integer, got '1.5'");
  });
});

describe('figures', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ratio is nabla / peer on the metric, read the right way round per unit', () => {
    expect(ratioOf(50, 200, 'ms')).toEqual({ ratio: 0.25, verdict: '4.00x faster' });
    expect(ratioOf(30, 10, 'GFLOP/s')).toEqual({ ratio: 3, verdict: '3.00x faster' });
    expect(ratioOf(5, 10, 'GB/s').verdict).toBe('2.00x slower');
  });

  const base = { workload: 'W9', case: 'c', unit: 'ms', status: 'ok' as const, threads: 1, runs: 2, samplesMs: [] };

  it('table rows carry the thread count, the ratio for engines other than nabla and the reason for engines that did not run', () => {
    const table = formatTable(
      [
        { ...base, engine: 'nabla', median: 10, min: 9, max: 11 },
        { ...base, engine: 'nabla-cpu', median: 30, min: 29, max: 31 },
        { ...base, engine: 'tfjs-cpu', threads: 2, median: 40, min: 39, max: 41 },
        { workload: 'W9', case: 'c', engine: 'jax-jit', threads: 1, unit: 'ms', status: 'n/a', reason: 'stack overflow' },
      ],
      { W9: 'test' },
    );
    expect(table).toMatch(/\| Engine +\| Threads \| Unit \|/);
    expect(table).toMatch(/\| nabla +\| 1 +\| ms +\| 10\.0 +\| 9\.00-11\.0 +\| +\| +\|/);
    expect(table).toMatch(/nabla-cpu \| 1 +\| ms +\| 30\.0 +\| 29\.0-31\.0 \| 0\.333 +\| 3\.00x faster/);
    expect(table).toMatch(/tfjs-cpu +\| 2 +\| ms +\| 40\.0 +\| 39\.0-41\.0 \| 0\.250 +\| 4\.00x faster/);
    expect(table).toMatch(/jax-jit +\| 1 +\| ms +\| n\/a: stack overflow/);
  });

  it('W1 float64 / float32 per N and engine, only where both dtypes ran', () => {
    const w1 = (engine: Entry['engine'], c: string, median: number): Entry => ({ ...base, workload: 'W1', unit: 'GFLOP/s', engine, case: c, median, min: median, max: median });
    const derived = formatDerived([
      w1('nabla', 'f32 N=64', 20), w1('nabla', 'f32 N=512', 40), w1('nabla-cpu', 'f32 N=512', 4),
      w1('nabla', 'f64 N=64', 5), w1('nabla', 'f64 N=512', 18), w1('nabla-cpu', 'f64 N=512', 3), w1('nabla-cpu', 'f64 N=1024', 3),
      { workload: 'W1', case: 'f64 N=128', engine: 'nabla', threads: 1, unit: 'GFLOP/s', status: 'n/a', reason: 'x' },
    ]);
    expect(derived).toBe('W1 nabla float64 / float32 GFLOP/s: N=64 0.250, N=512 0.450\nW1 nabla-cpu float64 / float32 GFLOP/s: N=512 0.750');
    expect(formatDerived([w1('nabla', 'f32 N=64', 20)])).toBe('');
  });

  it('the memory run prints each backend and the peak RSS ratio, or why it is missing', () => {
    const run = (backend: 'wasm' | 'cpu', peak: number): MemoryRun => ({
      status: 'ok', backend, threads: 1, steps: 5, gcForced: true, rssStartMB: 90, rssPeakMB: peak,
      heapStartMB: 9, heapEndMB: 9.5, heapGrowthMB: 0.5, heapTraceMB: [9, 9.5], externalStartMB: 2, externalEndMB: 2, externalGrowthMB: 0, externalTraceMB: [2, 2],
    });
    const both = formatMemory({ steps: 5, runs: [run('wasm', 150), run('cpu', 100)], rssPeakRatio: 1.5 });
    expect(both).toContain('5 W2 steps per backend');
    expect(both).toContain('  wasm (1 thread): RSS 90.0 MB after warm-up, peak 150 MB');
    expect(both).toContain('    heap 9.00 -> 9.50 MB (growth 0.500); trace: 9.00, 9.50');
    expect(both).toContain('  cpu (1 thread): RSS 90.0 MB after warm-up, peak 100 MB');
    expect(both.split('\n').at(-1)).toBe('  peak RSS wasm / cpu: 1.50');
    const one = formatMemory({ steps: 5, runs: [run('wasm', 150), { status: 'n/a', backend: 'cpu', reason: 'error: boom' }], rssPeakRatio: null });
    expect(one).toContain('  cpu: n/a: error: boom');
    expect(one).toContain('peak RSS wasm / cpu: n/a (needs both backends)');
  });
});
