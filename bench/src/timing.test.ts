import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotAvailable, type Case, type EngineId } from './runner.js';
import { runEngines, threadsOrOne, type Timed } from './timing.js';

// A fake clock: each step advances it by the time it "takes", so samples are exact.
let clock = 0;
beforeEach(() => {
  clock = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const c: Case = { name: 'c', metrics: [{ unit: 'ms' }, { unit: 'GFLOP/s', amount: 2, formula: 'x' }], engines: {} };
/** An engine whose k-th call (warm-up runs included) takes durations[k] ms and is logged. */
function engine(name: EngineId, durations: number[], log: string[], threads = 1, opts: { failAt?: number } = {}): Timed {
  let k = 0;
  return {
    engine: name,
    setup: () => {
      log.push(`setup ${name}`);
      return () => {
        if (k === opts.failAt) throw new Error(`${name} broke`);
        clock += durations[k++] ?? 1;
        log.push(name);
      };
    },
    threadsOf: () => threads,
  };
}

describe('runEngines', () => {
  it('times engines together in alternating rounds (A B, B A, ...) after interleaved warm-up', async () => {
    const log: string[] = [];
    const entries = await runEngines('W9', c, [engine('nabla', [9, 2, 6, 4], log, 2), engine('nabla-1t', [9, 5, 3, 8], log)], { warmup: 1, runs: 3 });
    expect(log).toEqual(['setup nabla', 'setup nabla-1t', 'nabla', 'nabla-1t', 'nabla', 'nabla-1t', 'nabla-1t', 'nabla', 'nabla', 'nabla-1t']);
    expect(entries.map((e) => [e.engine, e.threads, e.unit, e.status === 'ok' && [e.median, e.min, e.max, e.samplesMs]])).toEqual([
      ['nabla', 2, 'ms', [4, 2, 6, [2, 6, 4]]],
      ['nabla', 2, 'GFLOP/s', [500, 2000 / 6, 1000, [2, 6, 4]]], // 2 GFLOP / (4 ms) = 500 GFLOP/s; the fastest run gives the max
      ['nabla-1t', 1, 'ms', [5, 3, 8, [5, 3, 8]]],
      ['nabla-1t', 1, 'GFLOP/s', [400, 250, 2000 / 3, [5, 3, 8]]],
    ]);
  });

  it('one engine alone: warm-up ends after a run over a second; runs counts the timed runs', async () => {
    const log: string[] = [];
    const [ms] = await runEngines('W9', c, [engine('tfjs-cpu', [1500, 7, 8], log)], { warmup: 3, runs: 2 });
    expect(log).toEqual(['setup tfjs-cpu', 'tfjs-cpu', 'tfjs-cpu', 'tfjs-cpu']);
    expect(ms).toMatchObject({ engine: 'tfjs-cpu', status: 'ok', runs: 2, samplesMs: [7, 8], median: 7.5 });
  });

  it('keeps warming an engine up, in its own rounds, until it has spent warmupMs; slow engines need no extra runs', async () => {
    const log: string[] = [];
    const entries = await runEngines('W9', c, [engine('nabla', [1, 1, 1, 1, 7, 8], log), engine('nabla-1t', [5, 6, 7], log)], { warmup: 1, runs: 2, warmupMs: 4 });
    // nabla: 1 ms per warm-up run, so 4 of them; nabla-1t: its one 5 ms run is enough.
    expect(log).toEqual(['setup nabla', 'setup nabla-1t', 'nabla', 'nabla-1t', 'nabla', 'nabla', 'nabla', 'nabla', 'nabla-1t', 'nabla-1t', 'nabla']);
    expect(entries.filter((e) => e.unit === 'ms').map((e) => e.status === 'ok' && e.samplesMs)).toEqual([[7, 8], [6, 7]]);
  });

  it('adds whole alternating rounds until every engine has been timed for minTimeMs', async () => {
    const log: string[] = [];
    // Timed runs: nabla 1 ms each, nabla-1t 4 ms each; minTimeMs 5 needs five nabla runs, so three extra rounds.
    const entries = await runEngines('W9', c, [engine('nabla', [9, 1, 1, 1, 1, 1, 1], log), engine('nabla-1t', [9, 4, 4, 4, 4, 4, 4], log)], { warmup: 1, runs: 2, minTimeMs: 5 });
    expect(log.slice(4)).toEqual(['nabla', 'nabla-1t', 'nabla-1t', 'nabla', 'nabla', 'nabla-1t', 'nabla-1t', 'nabla', 'nabla', 'nabla-1t']);
    expect(entries.filter((e) => e.unit === 'ms').map((e) => e.status === 'ok' && e.runs)).toEqual([5, 5]);
  });

  it('a failing setup or step gives that engine n/a rows with the reason; the others keep their rounds', async () => {
    const log: string[] = [];
    const broken: Timed = { engine: 'jax-jit', setup: () => Promise.reject(new NotAvailable('no jit')), threadsOf: () => 1 };
    const entries = await runEngines('W9', c, [engine('nabla', [1, 2, 3, 4], log, 2, { failAt: 2 }), broken, engine('nabla-1t', [5, 6, 7, 8], log)], { warmup: 1, runs: 3 });
    expect(log).toEqual(['setup nabla', 'setup nabla-1t', 'nabla', 'nabla-1t', 'nabla', 'nabla-1t', 'nabla-1t', 'nabla-1t']);
    expect(entries.map((e) => [e.engine, e.threads, e.status, e.status === 'n/a' ? e.reason : e.samplesMs])).toEqual([
      ['nabla', 2, 'n/a', 'error: nabla broke'], ['nabla', 2, 'n/a', 'error: nabla broke'],
      ['jax-jit', 1, 'n/a', 'no jit'], ['jax-jit', 1, 'n/a', 'no jit'],
      ['nabla-1t', 1, 'ok', [6, 7, 8]], ['nabla-1t', 1, 'ok', [6, 7, 8]],
    ]);
  });

  it('asks the thread count after the setup, and counts an engine that cannot be selected as 1 thread', async () => {
    let ready = false;
    const timed: Timed = { engine: 'tfjs-wasm', setup: () => ((ready = true), () => void (clock += 1)), threadsOf: () => (ready ? 4 : 0) };
    const [e] = await runEngines('W9', c, [timed], { warmup: 0, runs: 1 });
    expect(e?.threads).toBe(4);
    expect(threadsOrOne(() => {
      throw new NotAvailable('no wasm');
    })).toBe(1);
    const unselectable: Timed = { engine: 'nabla', setup: () => Promise.reject(new NotAvailable('no wasm')), threadsOf: () => { throw new NotAvailable('no wasm'); } };
    expect(await runEngines('W9', c, [unselectable], { warmup: 0, runs: 1 })).toMatchObject([{ threads: 1, status: 'n/a', reason: 'no wasm' }, { threads: 1 }]);
  });
});
