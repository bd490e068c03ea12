/**
 * The timing loop: set each engine up, warm it up, then time each run with `performance.now()` and keep the
 * samples; medians and ranges are taken over the samples. Engines timed together run in alternation, run by
 * run, so that a burst of load from elsewhere on a shared machine falls on all of them alike.
 */
import { median, reasonOf, type Case, type EngineId, type Entry, type Setup, type Step, type TimingOptions } from './runner.js';

/** One engine to time on a case: its setup, and its thread count (asked after the setup). */
export interface Timed {
  engine: EngineId;
  setup: Setup;
  threadsOf: () => number;
}

/** `threadsOf()`, or 1 when it throws (an engine that could not even be selected ran nothing, on one thread). */
export function threadsOrOne(threadsOf: () => number): number {
  try {
    return threadsOf();
  } catch {
    return 1;
  }
}

/** One run of `step` in ms, awaiting it only if it returns a promise (a synchronous step pays no microtask). */
async function timeOnce(step: Step): Promise<number> {
  const t0 = performance.now();
  const r = step();
  if (r instanceof Promise) await r;
  return performance.now() - t0;
}

/** Entries of one case on one engine: one per metric, all from the same samples. */
function entriesOf(workload: string, c: Case, engine: EngineId, threads: number, samples: number[]): Entry[] {
  return c.metrics.map((m) => {
    // A rate is amount / time, so the fastest run gives the highest rate.
    const conv = (ms: number) => (m.unit === 'ms' ? ms : m.amount / (ms / 1000));
    const values = samples.map(conv);
    return {
      workload, case: c.name, engine, threads, unit: m.unit, status: 'ok' as const,
      median: conv(median(samples)), min: Math.min(...values), max: Math.max(...values), runs: samples.length, samplesMs: samples,
    };
  });
}

interface Live {
  timed: Timed;
  step: Step;
  threads: number;
  samples: number[];
  warm: boolean;
  warmMs: number;
}

/** Most extra warm-up rounds (a step of ~0 ms would otherwise never reach warmupMs), and most extra timed ones. */
const MAX_WARMUP_ROUNDS = 2000;
const MAX_EXTRA_ROUNDS = 2000;

/**
 * Times case `c` on every engine of `engines` together: each is set up in turn, then all warm up and run in
 * rounds, round i starting at engine i mod n (A B, B A, ... for two), so neither always goes first. Each
 * engine gets `warmup` untimed runs and then more until it has spent `warmupMs` warming up (a run longer than
 * a second ends its warm-up: V8 has long since optimised such a step), and `runs` timed ones, then more
 * rounds until every engine has been timed for `minTimeMs`. An engine whose setup or step throws gets n/a entries with
 * the reason and leaves the rounds; the others go on. Entries come back in the order of `engines`.
 */
export async function runEngines(workload: string, c: Case, engines: readonly Timed[], t: TimingOptions): Promise<Entry[]> {
  const failed = new Map<EngineId, Entry[]>();
  const fail = (timed: Timed, e: unknown, threads?: number) => {
    const reason = reasonOf(e);
    const n = threads ?? threadsOrOne(timed.threadsOf);
    failed.set(timed.engine, c.metrics.map((m) => ({ workload, case: c.name, engine: timed.engine, threads: n, unit: m.unit, status: 'n/a' as const, reason })));
  };
  let live: Live[] = [];
  for (const timed of engines) {
    try {
      const step = await timed.setup();
      live.push({ timed, step, threads: timed.threadsOf(), samples: [], warm: false, warmMs: 0 });
    } catch (e) {
      fail(timed, e);
    }
  }
  const rounds = async (count: number, each: (l: Live) => Promise<void>, first = 0) => {
    for (let i = first; i < first + count; i++) {
      const order = live.map((_, k) => live[(k + i) % live.length]!);
      for (const l of order) {
        try {
          await each(l);
        } catch (e) {
          fail(l.timed, e, l.threads);
          live = live.filter((x) => x !== l);
        }
      }
    }
  };
  await rounds(t.warmup, async (l) => {
    if (l.warm) return;
    const ms = await timeOnce(l.step);
    l.warmMs += ms;
    if (ms > 1000) l.warm = true;
  });
  // Then more warm-up rounds, for the engines that have not yet spent warmupMs warming up: V8 optimises a 5 ms
  // training step only after dozens of runs, so a fixed count leaves fast steps cold (their first timed runs
  // 3x slow) while a fixed time costs slow steps nothing extra.
  const cold = () => live.filter((l) => !l.warm && l.warmMs < (t.warmupMs ?? 0));
  for (let i = 0; i < MAX_WARMUP_ROUNDS && cold().length > 0; i++) {
    for (const l of cold()) {
      try {
        const ms = await timeOnce(l.step);
        l.warmMs += ms;
        if (ms > 1000) l.warm = true;
      } catch (e) {
        fail(l.timed, e, l.threads);
        live = live.filter((x) => x !== l);
      }
    }
  }
  const timedRun = async (l: Live) => void l.samples.push(await timeOnce(l.step));
  await rounds(t.runs, timedRun);
  // Then whole rounds (every engine, alternating, so the engines of a pair keep equal counts) until each has been
  // timed for minTimeMs: load on a shared 2-vCPU machine comes and goes over seconds, and 20 runs of a 3 ms step
  // (0.1 s) can all fall in one slow stretch, for one engine of a pair and not the other.
  const short = () => live.some((l) => l.samples.reduce((a, b) => a + b, 0) < (t.minTimeMs ?? 0));
  for (let i = 0; i < MAX_EXTRA_ROUNDS && short(); i++) await rounds(1, timedRun, t.runs + i);
  return engines.flatMap((timed) => {
    const l = live.find((x) => x.timed === timed);
    return l === undefined ? failed.get(timed.engine)! : entriesOf(workload, c, timed.engine, l.threads, l.samples);
  });
}
