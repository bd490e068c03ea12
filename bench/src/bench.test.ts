import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from './bench.js';
import { median } from './runner.js';
import { formatTable, ratioOf } from './table.js';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'nabla-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pnpm bench --quick (as CI runs it)', () => {
  it('runs every workload on nabla and every peer and writes a median per (workload, engine) that ran', async () => {
    const out = join(tmp, 'results.json');
    // The same command line as `pnpm bench`, in a child so tfjs's loader hook and jax's wasm stay out of vitest.
    const args = ['--expose-gc', '--conditions=@nabla/source', '--import', 'tsx', 'src/main.ts', '--quick', '--out', out];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: benchDir, timeout: 50_000 });
    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;

    expect(report.meta.quick).toBe(true);
    const ok = report.results.filter((e) => e.status === 'ok');
    for (const e of ok) {
      expect(Number.isFinite(e.median) && e.median > 0, `${e.workload} ${e.case} ${e.engine} ${e.unit}`).toBe(true);
      expect(e.min).toBeLessThanOrEqual(e.median);
      expect(e.max).toBeGreaterThanOrEqual(e.median);
      expect(e.runs).toBe(2);
    }
    for (const e of report.results) if (e.status === 'n/a') expect(e.reason.length).toBeGreaterThan(0);
    // Every workload has a nabla figure, and every engine ran somewhere (a broken peer setup fails here).
    const ran = new Set(ok.map((e) => `${e.workload} ${e.engine}`));
    for (const w of ['W1', 'W2', 'W3', 'W4', 'W5', 'W6']) expect(ran.has(`${w} nabla`), `${w} nabla`).toBe(true);
    for (const engine of ['tfjs-cpu', 'tfjs-wasm', 'jax-eager', 'jax-jit', 'micrograd']) {
      expect(ok.some((e) => e.engine === engine), engine).toBe(true);
    }
    expect(report.memory).toMatchObject({ status: 'ok', steps: 20 });
    expect(stdout).toContain('| W1 matmul float32, square');
  }, 55_000);
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

  it('table rows carry the ratio for peers and the reason for engines that did not run', () => {
    const base = { workload: 'W9', case: 'c', unit: 'ms', status: 'ok' as const, runs: 2, samplesMs: [] };
    const table = formatTable(
      [
        { ...base, engine: 'nabla', median: 10, min: 9, max: 11 },
        { ...base, engine: 'tfjs-cpu', median: 40, min: 39, max: 41 },
        { workload: 'W9', case: 'c', engine: 'jax-jit', unit: 'ms', status: 'n/a', reason: 'stack overflow' },
      ],
      { W9: 'test' },
    );
    expect(table).toMatch(/tfjs-cpu \| ms +\| 40\.0 +\| 39\.0-41\.0 \| 0\.250 +\| 4\.00x faster/);
    expect(table).toContain('n/a: stack overflow');
  });
});
