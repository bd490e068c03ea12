/**
 * The speed targets of issues 13 (the wasm backend, single thread), 14 (threads) and 17 (vmap: jacrev and
 * per-sample gradients), each checked as a ratio of two figures of the same run: `a / b` on the rows' metric
 * against a bound.
 */
import type { EngineId, Entry } from './runner.js';
import { fmt, markdownTable } from './table.js';
import { W10_JACREV, W10_LOOP } from './workloads/w10-jacrev.js';
import { W11_BATCHED, W11_PER_SAMPLE } from './workloads/w11-per-sample.js';

/** The issues whose speed targets the bench checks. */
export type Issue = 13 | 14 | 17;

/** One figure a target names: the engine and case of a workload's row in one unit. */
export interface TargetSide {
  engine: EngineId;
  /** The exact case name; undefined means every case of the workload (one target row per case). */
  case?: string;
}

/** One target: `a / b` on `unit` must be `>=` or `<=` the bound. */
export interface Target {
  issue: Issue;
  workload: string;
  unit: 'ms' | 'GFLOP/s';
  a: TargetSide;
  b: TargetSide;
  op: '>=' | '<=';
  bound: number;
  /** The target in the issue's words. */
  text: string;
}

/** Issue 13's "today's nabla" is the TypeScript kernels the wasm backend replaced: the nabla-cpu engine. */
const PREVIOUS = "no slower than today's nabla (nabla-cpu, our previous TypeScript kernels)";
const sameTime = (issue: Issue, workload: string, a: EngineId, b: EngineId, bound: number, text: string): Target => ({
  issue, workload, unit: 'ms', a: { engine: a }, b: { engine: b }, op: '<=', bound, text,
});

/**
 * Issue 17's two rows on one nabla engine, each a ratio of two cases of that engine: W10's row loop over
 * jacrev (jacrev at least 5x faster) and W11's per-sample gradients over the batched backward (within 3x).
 */
function vmapTargets(engine: EngineId): Target[] {
  return [
    {
      issue: 17, workload: 'W10', unit: 'ms', a: { engine, case: W10_LOOP }, b: { engine, case: W10_JACREV },
      op: '>=', bound: 5, text: "jacrev at least 5x faster than today's row loop",
    },
    {
      issue: 17, workload: 'W11', unit: 'ms', a: { engine, case: W11_PER_SAMPLE }, b: { engine, case: W11_BATCHED },
      op: '<=', bound: 3, text: 'per-sample gradients within 3x of one batched backward',
    },
  ];
}

/** The target rows of issues 13, 14 and 17, in the issues' order. */
export const TARGETS: readonly Target[] = [
  {
    issue: 13, workload: 'W1', unit: 'GFLOP/s', a: { engine: 'nabla-1t', case: 'f32 N=512' }, b: { engine: 'tfjs-wasm', case: 'f32 N=512' },
    op: '>=', bound: 1, text: "at least 1.0x tfjs-wasm's GFLOP/s",
  },
  {
    issue: 13, workload: 'W1', unit: 'GFLOP/s', a: { engine: 'nabla-1t', case: 'f64 N=512' }, b: { engine: 'nabla-1t', case: 'f32 N=512' },
    op: '>=', bound: 0.45, text: 'float64 at least 0.45x our own float32 figure',
  },
  sameTime(13, 'W2', 'nabla-1t', 'jax-jit', 1, 'no slower than jax-js jit'),
  sameTime(13, 'W3', 'nabla-1t', 'jax-jit', 0.25, 'at most 0.25x jax-js jit'),
  sameTime(13, 'W5', 'nabla-1t', 'jax-jit', 1, 'no slower than jax-js jit'),
  sameTime(13, 'W4', 'nabla-1t', 'nabla-cpu', 1, PREVIOUS),
  sameTime(13, 'W6', 'nabla-1t', 'nabla-cpu', 1, PREVIOUS),
  {
    issue: 14, workload: 'W1', unit: 'GFLOP/s', a: { engine: 'nabla', case: 'f32 N=1024' }, b: { engine: 'nabla-1t', case: 'f32 N=1024' },
    op: '>=', bound: 1.7, text: 'at least 1.7x our 1-thread GFLOP/s',
  },
  sameTime(14, 'W2', 'nabla', 'nabla-1t', 0.7, 'at most 0.7x our 1-thread time'),
  sameTime(14, 'W3', 'nabla', 'nabla-1t', 0.7, 'at most 0.7x our 1-thread time'),
  sameTime(14, 'W4', 'nabla', 'nabla-1t', 1, 'no slower than 1 thread'),
  sameTime(14, 'W6', 'nabla', 'nabla-1t', 1, 'no slower than 1 thread'),
  ...vmapTargets('nabla'),
  ...vmapTargets('nabla-1t'),
  ...vmapTargets('nabla-cpu'),
];

/** A measured figure a target used. */
export interface TargetFigure {
  engine: EngineId;
  case: string;
  threads: number;
  median: number;
}

/** One target row as measured: the ratio and whether it is met, or why it could not be checked. */
export type TargetResult = {
  issue: Issue;
  workload: string;
  /** The case of `a` (the one row the target is about). */
  case: string;
  unit: string;
  /** `a / b` in words with thread counts, e.g. 'nabla (2 threads) / nabla-1t (1 thread)'. */
  ratioOf: string;
  op: '>=' | '<=';
  bound: number;
  text: string;
} & (
  | { status: 'met' | 'not met'; ratio: number; a: TargetFigure; b: TargetFigure }
  | { status: 'n/a'; reason: string }
);

const threadsWord = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
type Ok = Extract<Entry, { status: 'ok' }>;

/** The ok row of `side` at case `c`, or why there is none. */
function figure(entries: readonly Entry[], t: Target, side: TargetSide, c: string): Ok | string {
  const e = entries.find((x) => x.workload === t.workload && x.unit === t.unit && x.engine === side.engine && x.case === c);
  if (e === undefined) return `no ${side.engine} '${c}' row in this run`;
  if (e.status === 'n/a') return `${side.engine} '${c}': n/a: ${e.reason}`;
  return e;
}

/** The cases the target is checked at: `a`'s exact case, or every case with an `a.engine` row in `unit`. */
function casesOf(entries: readonly Entry[], t: Target): string[] {
  if (t.a.case !== undefined) return [t.a.case];
  const cases = entries.filter((e) => e.workload === t.workload && e.unit === t.unit && e.engine === t.a.engine).map((e) => e.case);
  return [...new Set(cases)];
}

const figureOf = (e: Ok): TargetFigure => ({ engine: e.engine, case: e.case, threads: e.threads, median: e.median });

/** One target at case `c`. */
function checkAt(entries: readonly Entry[], t: Target, c: string): TargetResult {
  const a = figure(entries, t, t.a, c);
  const b = figure(entries, t, t.b, t.b.case ?? c);
  // Name b's case only where it differs from the row's; thread counts as measured.
  const label = (s: TargetSide, e: Ok | string) =>
    `${s.engine}${s.case !== undefined && s.case !== c ? ` ${s.case}` : ''}${typeof e === 'string' ? '' : ` (${threadsWord(e.threads)})`}`;
  const base = { issue: t.issue, workload: t.workload, case: c, unit: t.unit, ratioOf: `${label(t.a, a)} / ${label(t.b, b)}`, op: t.op, bound: t.bound, text: t.text };
  if (typeof a === 'string') return { ...base, status: 'n/a', reason: a };
  if (typeof b === 'string') return { ...base, status: 'n/a', reason: b };
  if (t.issue === 14 && a.threads <= b.threads) {
    return { ...base, status: 'n/a', reason: `${a.engine} ran on ${threadsWord(a.threads)} here, no more than ${b.engine}: nothing to compare` };
  }
  const ratio = a.median / b.median;
  const met = t.op === '>=' ? ratio >= t.bound : ratio <= t.bound;
  return { ...base, status: met ? 'met' : 'not met', ratio, a: figureOf(a), b: figureOf(b) };
}

/** Checks every target against `entries` (one run); a target without both figures is n/a with the reason. */
export function checkTargets(entries: readonly Entry[], targets: readonly Target[] = TARGETS): TargetResult[] {
  return targets.flatMap((t) => {
    const cases = casesOf(entries, t);
    if (cases.length > 0) return cases.map((c) => checkAt(entries, t, c));
    const ratioOf = `${t.a.engine} / ${t.b.engine}`;
    return [{ issue: t.issue, workload: t.workload, case: '', unit: t.unit, ratioOf, op: t.op, bound: t.bound, text: t.text, status: 'n/a' as const, reason: `no ${t.a.engine} ${t.workload} row in this run` }];
  });
}

/** The targets block printed below the table: one Markdown row per target row, with its ratio and verdict. */
export function formatTargets(results: readonly TargetResult[]): string {
  const rows = [['Issue', 'Workload', 'Case', 'Ratio', 'Unit', 'Measured', 'Target', 'Verdict']];
  for (const r of results) {
    const measured = r.status === 'n/a' ? '' : fmt(r.ratio);
    const verdict = r.status === 'n/a' ? `n/a: ${r.reason}` : r.status;
    rows.push([`#${r.issue}`, r.workload, r.case, r.ratioOf, r.unit, measured, `${r.op} ${fmt(r.bound)} (${r.text})`, verdict]);
  }
  const met = results.filter((r) => r.status === 'met').length;
  const checked = results.filter((r) => r.status !== 'n/a').length;
  return [
    `Targets (issue 13: single thread; issue 14: threads; issue 17: vmap), ratios of figures in this run: ${met} of ${checked} checked met` +
      (checked < results.length ? `, ${results.length - checked} not measured` : ''),
    markdownTable(rows),
  ].join('\n');
}
