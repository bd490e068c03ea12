import { describe, expect, it } from 'vitest';
import type { EngineId, Entry } from './runner.js';
import { TARGETS, checkTargets, formatTargets, type Target, type TargetResult } from './targets.js';

const THREADS: Partial<Record<EngineId, number>> = { nabla: 2 };
const ok = (workload: string, c: string, engine: EngineId, unit: string, median: number, threads = THREADS[engine] ?? 1): Entry => ({
  workload, case: c, engine, threads, unit, status: 'ok', median, min: median, max: median, runs: 10, samplesMs: [],
});
const na = (workload: string, c: string, engine: EngineId, unit: string, reason: string): Entry => ({
  workload, case: c, engine, threads: 1, unit, status: 'n/a', reason,
});
const ms = (workload: string, c: string, figures: Partial<Record<EngineId, number>>) =>
  Object.entries(figures).map(([engine, m]) => ok(workload, c, engine as EngineId, 'ms', m));

/** A synthetic full run: each figure chosen so the expected ratio and verdict are known. */
const RUN: Entry[] = [
  ok('W1', 'f32 N=512', 'nabla', 'GFLOP/s', 70),
  ok('W1', 'f32 N=512', 'nabla-1t', 'GFLOP/s', 40),
  ok('W1', 'f32 N=512', 'tfjs-wasm', 'GFLOP/s', 36),
  ok('W1', 'f64 N=512', 'nabla-1t', 'GFLOP/s', 16), // 16 / 40 = 0.4 < 0.45
  ok('W1', 'f32 N=1024', 'nabla', 'GFLOP/s', 68), // 68 / 40 = 1.7, exactly the bound
  ok('W1', 'f32 N=1024', 'nabla-1t', 'GFLOP/s', 40),
  ...ms('W2', 'batch 128', { nabla: 3, 'nabla-1t': 5, 'nabla-cpu': 40, 'jax-jit': 6 }),
  ...ms('W3', '[32,1,28,28]', { nabla: 4, 'nabla-1t': 5, 'jax-jit': 16 }),
  ...ms('W4', 'MLP', { nabla: 9, 'nabla-1t': 10, 'nabla-cpu': 11 }),
  ...ms('W4', 'chain', { nabla: 21, 'nabla-1t': 20, 'nabla-cpu': 19 }),
  ...ms('W5', 'N=1,000,000', { nabla: 2, 'nabla-1t': 3, 'jax-jit': 2.5 }),
  ok('W5', 'N=1,000,000', 'nabla-1t', 'GB/s', 6.67), // a second metric of the same case: ignored (the target is on ms)
  ...ms('W6', 'chain', { nabla: 50, 'nabla-1t': 50, 'nabla-cpu': 60 }),
  ...ms('W10', 'jacrev', { nabla: 2, 'nabla-1t': 3, 'nabla-cpu': 10 }),
  ...ms('W10', 'vjp row loop', { nabla: 20, 'nabla-1t': 15, 'nabla-cpu': 40 }),
  ...ms('W11', 'per-sample vmap(grad)', { nabla: 6, 'nabla-1t': 10, 'nabla-cpu': 90 }),
  ...ms('W11', 'batched grad of the mean', { nabla: 2, 'nabla-1t': 4, 'nabla-cpu': 20 }),
];

const brief = (r: TargetResult) => [`#${r.issue} ${r.workload} ${r.case}`, r.status === 'n/a' ? `n/a: ${r.reason}` : `${r.status} ${+r.ratio.toFixed(4)}`];

describe('checkTargets', () => {
  it('lists every target row of the three issues with its ratio and verdict, from the figures of one run', () => {
    expect(checkTargets(RUN).map(brief)).toEqual([
      ['#13 W1 f32 N=512', 'met 1.1111'], // nabla-1t 40 / tfjs-wasm 36 GFLOP/s >= 1
      ['#13 W1 f64 N=512', 'not met 0.4'], // f64 16 / f32 40 >= 0.45
      ['#13 W2 batch 128', 'met 0.8333'], // 5 / 6 ms <= 1
      ['#13 W3 [32,1,28,28]', 'not met 0.3125'], // 5 / 16 <= 0.25
      ['#13 W5 N=1,000,000', 'not met 1.2'], // 3 / 2.5 <= 1
      ['#13 W4 MLP', 'met 0.9091'], // nabla-1t 10 / nabla-cpu 11
      ['#13 W4 chain', 'not met 1.0526'], // one row per W4 case
      ['#13 W6 chain', 'met 0.8333'],
      ['#14 W1 f32 N=1024', 'met 1.7'], // the bound itself is met
      ['#14 W2 batch 128', 'met 0.6'], // nabla 3 / nabla-1t 5 <= 0.7
      ['#14 W3 [32,1,28,28]', 'not met 0.8'],
      ['#14 W4 MLP', 'met 0.9'],
      ['#14 W4 chain', 'not met 1.05'],
      ['#14 W6 chain', 'met 1'], // equal times: no slower
      ['#17 W10 vjp row loop', 'met 10'], // nabla: row loop 20 / jacrev 2 >= 5
      ['#17 W11 per-sample vmap(grad)', 'met 3'], // nabla: per-sample 6 / batched 2 <= 3, the bound itself
      ['#17 W10 vjp row loop', 'met 5'], // nabla-1t: 15 / 3, the bound itself
      ['#17 W11 per-sample vmap(grad)', 'met 2.5'],
      ['#17 W10 vjp row loop', 'not met 4'], // nabla-cpu: 40 / 10 < 5
      ['#17 W11 per-sample vmap(grad)', 'not met 4.5'], // 90 / 20 > 3
    ]);
  });

  it('records both figures with their thread counts, the bound and the ratio in words', () => {
    const [w1f64] = checkTargets(RUN).filter((r) => r.workload === 'W1' && r.case === 'f64 N=512');
    expect(w1f64).toEqual({
      issue: 13, workload: 'W1', case: 'f64 N=512', unit: 'GFLOP/s', ratioOf: 'nabla-1t (1 thread) / nabla-1t f32 N=512 (1 thread)',
      op: '>=', bound: 0.45, text: 'float64 at least 0.45x our own float32 figure', status: 'not met', ratio: 0.4,
      a: { engine: 'nabla-1t', case: 'f64 N=512', threads: 1, median: 16 }, b: { engine: 'nabla-1t', case: 'f32 N=512', threads: 1, median: 40 },
    });
    const w2 = checkTargets(RUN).find((r) => r.issue === 14 && r.workload === 'W2');
    expect(w2?.ratioOf).toBe('nabla (2 threads) / nabla-1t (1 thread)');
    const w10 = checkTargets(RUN).find((r) => r.issue === 17 && r.workload === 'W10');
    expect(w10).toMatchObject({
      case: 'vjp row loop', ratioOf: 'nabla (2 threads) / nabla jacrev (2 threads)', op: '>=', bound: 5,
      a: { engine: 'nabla', case: 'vjp row loop', threads: 2, median: 20 }, b: { engine: 'nabla', case: 'jacrev', threads: 2, median: 2 },
    });
    const w4 = checkTargets(RUN).find((r) => r.issue === 13 && r.workload === 'W4');
    expect(w4?.text).toBe("no slower than today's nabla (nabla-cpu, our previous TypeScript kernels)");
  });

  it('a target whose figures are missing or n/a says why instead of a ratio', () => {
    const partial = [
      ok('W1', 'f32 N=512', 'nabla-1t', 'GFLOP/s', 40), // no tfjs-wasm row, no f64 row
      ...ms('W2', 'batch 128', { 'nabla-1t': 5 }),
      na('W2', 'batch 128', 'jax-jit', 'ms', 'error: boom'),
      ...ms('W3', 'c', { nabla: 4, 'nabla-1t': 5 }).map((e) => (e.engine === 'nabla' ? { ...e, threads: 1 } : e)), // nabla on 1 thread
      ...ms('W10', 'jacrev', { nabla: 2 }),
      na('W10', 'vjp row loop', 'nabla', 'ms', 'error: boom'),
      ...ms('W11', 'batched grad of the mean', { 'nabla-1t': 2 }), // no per-sample row
    ];
    const results = checkTargets(partial);
    expect(results.map(brief)).toEqual([
      ['#13 W1 f32 N=512', "n/a: no tfjs-wasm 'f32 N=512' row in this run"],
      ['#13 W1 f64 N=512', "n/a: no nabla-1t 'f64 N=512' row in this run"],
      ['#13 W2 batch 128', "n/a: jax-jit 'batch 128': n/a: error: boom"],
      ['#13 W3 c', "n/a: no jax-jit 'c' row in this run"],
      ['#13 W5 ', 'n/a: no nabla-1t W5 row in this run'],
      ['#13 W4 ', 'n/a: no nabla-1t W4 row in this run'],
      ['#13 W6 ', 'n/a: no nabla-1t W6 row in this run'],
      ['#14 W1 f32 N=1024', "n/a: no nabla 'f32 N=1024' row in this run"],
      ['#14 W2 ', 'n/a: no nabla W2 row in this run'],
      ['#14 W3 c', 'n/a: nabla ran on 1 thread here, no more than nabla-1t: nothing to compare'],
      ['#14 W4 ', 'n/a: no nabla W4 row in this run'],
      ['#14 W6 ', 'n/a: no nabla W6 row in this run'],
      ['#17 W10 vjp row loop', "n/a: nabla 'vjp row loop': n/a: error: boom"],
      ['#17 W11 per-sample vmap(grad)', "n/a: no nabla 'per-sample vmap(grad)' row in this run"],
      ['#17 W10 vjp row loop', "n/a: no nabla-1t 'vjp row loop' row in this run"],
      ['#17 W11 per-sample vmap(grad)', "n/a: no nabla-1t 'per-sample vmap(grad)' row in this run"],
      ['#17 W10 vjp row loop', "n/a: no nabla-cpu 'vjp row loop' row in this run"],
      ['#17 W11 per-sample vmap(grad)', "n/a: no nabla-cpu 'per-sample vmap(grad)' row in this run"],
    ]);
    expect(results[0]!.ratioOf).toBe('nabla-1t (1 thread) / tfjs-wasm');
  });

  it('checks the targets it is given, on their unit only', () => {
    const t: Target = { issue: 13, workload: 'W5', unit: 'ms', a: { engine: 'nabla-1t' }, b: { engine: 'jax-jit' }, op: '<=', bound: 1.25, text: 'x' };
    expect(checkTargets(RUN, [t]).map(brief)).toEqual([['#13 W5 N=1,000,000', 'met 1.2']]);
    expect(TARGETS.filter((x) => x.issue === 13)).toHaveLength(7);
    expect(TARGETS.filter((x) => x.issue === 14)).toHaveLength(5);
    expect(TARGETS.filter((x) => x.issue === 17).map((x) => `${x.workload} ${x.a.engine}`)).toEqual([
      'W10 nabla', 'W11 nabla', 'W10 nabla-1t', 'W11 nabla-1t', 'W10 nabla-cpu', 'W11 nabla-cpu',
    ]);
  });
});

describe('formatTargets', () => {
  it('one Markdown row per target row under a summary line; n/a rows carry the reason', () => {
    const text = formatTargets(checkTargets([...RUN.filter((e) => e.workload !== 'W6')]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Targets (issue 13: single thread; issue 14: threads; issue 17: vmap), ratios of figures in this run: 10 of 18 checked met, 2 not measured');
    expect(lines[1]).toMatch(/^\| Issue \| Workload \| Case +\| Ratio +\| Unit +\| Measured \| Target +\| Verdict +\|$/);
    expect(lines).toHaveLength(3 + 20);
    expect(text).toMatch(/\| #13 +\| W1 +\| f32 N=512 +\| nabla-1t \(1 thread\) \/ tfjs-wasm \(1 thread\) +\| GFLOP\/s \| 1\.11 +\| >= 1\.00 \(at least 1\.0x tfjs-wasm's GFLOP\/s\) +\| met +\|/);
    expect(text).toMatch(/\| #14 +\| W2 +\| batch 128 +\| nabla \(2 threads\) \/ nabla-1t \(1 thread\) +\| ms +\| 0\.600 +\| <= 0\.700 \(at most 0\.7x our 1-thread time\) +\| met +\|/);
    expect(text).toMatch(/\| #14 +\| W3 .*\| 0\.800 +\| <= 0\.700 .*\| not met +\|/);
    expect(text).toMatch(/\| #17 +\| W10 +\| vjp row loop +\| nabla-cpu \(1 thread\) \/ nabla-cpu jacrev \(1 thread\) +\| ms +\| 4\.00 +\| >= 5\.00 \(jacrev at least 5x faster than today's row loop\) +\| not met +\|/);
    expect(text).toMatch(/\| #13 +\| W6 +\| +\| nabla-1t \/ nabla-cpu +\| ms +\| +\| <= 1\.00 .*\| n\/a: no nabla-1t W6 row in this run \|/);
  });
});
