/**
 * The printed table (Markdown, so it pastes into notes): one row per (workload, case, unit, engine),
 * with the median, the min-max range over the timed runs, and the ratio nabla / engine on that row's metric.
 */
import type { Entry } from './runner.js';
import type { MemoryReport } from './workloads/memory.js';

/** Three significant figures without exponent noise: 1234, 12.3, 0.123. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

const higherIsBetter = (unit: string) => unit !== 'ms';

/** nabla / peer on the row's metric, and the plain-words reading of it. */
export function ratioOf(nabla: number, peer: number, unit: string): { ratio: number; verdict: string } {
  const ratio = nabla / peer;
  const speedup = higherIsBetter(unit) ? ratio : 1 / ratio;
  const verdict = speedup >= 1 ? `${fmt(speedup)}x faster` : `${fmt(1 / speedup)}x slower`;
  return { ratio, verdict };
}

const key = (e: Entry) => `${e.workload}\u0000${e.case}\u0000${e.unit}`;

/** The results as a Markdown table; n/a rows carry their reason in the Median column. */
export function formatTable(entries: readonly Entry[], titles: Record<string, string>): string {
  const rows: string[][] = [['Workload', 'Case', 'Engine', 'Unit', 'Median', 'Min-max', 'nabla/engine', 'nabla is']];
  const nablaOf = new Map<string, Entry>();
  for (const e of entries) if (e.engine === 'nabla') nablaOf.set(key(e), e);
  for (const e of entries) {
    const label = `${e.workload} ${titles[e.workload] ?? ''}`.trim();
    if (e.status === 'n/a') {
      rows.push([label, e.case, e.engine, e.unit, `n/a: ${e.reason}`, '', '', '']);
      continue;
    }
    const base = nablaOf.get(key(e));
    let ratio = '';
    let verdict = '';
    if (e.engine !== 'nabla' && base?.status === 'ok') {
      const r = ratioOf(base.median, e.median, e.unit);
      ratio = fmt(r.ratio);
      verdict = r.verdict;
    }
    rows.push([label, e.case, e.engine, e.unit, fmt(e.median), `${fmt(e.min)}-${fmt(e.max)}`, ratio, verdict]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** The memory run in three lines. */
export function formatMemory(m: MemoryReport): string {
  if (m.status === 'n/a') return `Memory (nabla W2 steps): n/a: ${m.reason}`;
  return [
    `Memory (nabla, ${m.steps} W2 steps${m.gcForced ? ', heap after forced GC' : ', GC not exposed: heap figures are noisy'}):`,
    `  RSS ${fmt(m.rssStartMB)} MB at start, peak ${fmt(m.rssPeakMB)} MB`,
    `  heap ${fmt(m.heapStartMB)} MB -> ${fmt(m.heapEndMB)} MB (growth ${fmt(m.heapGrowthMB)} MB); trace: ${m.heapTraceMB.map(fmt).join(', ')}`,
  ].join('\n');
}
