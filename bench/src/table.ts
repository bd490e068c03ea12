/**
 * The printed table (Markdown, so it pastes into notes): one row per (workload, case, unit, engine),
 * with the engine's thread count, the median, the min-max range over the timed runs, and the ratio
 * nabla / engine on that row's metric; then the ratios between rows that targets name, and the memory run.
 */
import type { Entry } from './runner.js';
import type { MemoryReport, MemoryRun } from './workloads/memory.js';

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
  const rows: string[][] = [['Workload', 'Case', 'Engine', 'Threads', 'Unit', 'Median', 'Min-max', 'nabla/engine', 'nabla is']];
  const nablaOf = new Map<string, Entry>();
  for (const e of entries) if (e.engine === 'nabla') nablaOf.set(key(e), e);
  for (const e of entries) {
    const label = `${e.workload} ${titles[e.workload] ?? ''}`.trim();
    if (e.status === 'n/a') {
      rows.push([label, e.case, e.engine, String(e.threads), e.unit, `n/a: ${e.reason}`, '', '', '']);
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
    rows.push([label, e.case, e.engine, String(e.threads), e.unit, fmt(e.median), `${fmt(e.min)}-${fmt(e.max)}`, ratio, verdict]);
  }
  return markdownTable(rows);
}

/** `rows` (the first one the header) as a Markdown table with padded columns. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/**
 * Ratios between rows of one engine that the speed targets name: W1 float64 / float32 GFLOP/s at each N,
 * for each nabla engine. Empty when W1 did not run both dtypes.
 */
export function formatDerived(entries: readonly Entry[]): string {
  const lines: string[] = [];
  for (const engine of ['nabla', 'nabla-1t', 'nabla-cpu']) {
    const w1 = entries.filter((e) => e.workload === 'W1' && e.engine === engine && e.status === 'ok');
    const parts = w1.flatMap((f64) => {
      const n = /^f64 (N=\d+)$/.exec(f64.case)?.[1];
      const f32 = w1.find((e) => e.case === `f32 ${n}`);
      return n !== undefined && f32?.status === 'ok' && f64.status === 'ok' ? [`${n} ${fmt(f64.median / f32.median)}`] : [];
    });
    if (parts.length > 0) lines.push(`W1 ${engine} float64 / float32 GFLOP/s: ${parts.join(', ')}`);
  }
  return lines.join('\n');
}

function memoryLines(r: MemoryRun): string[] {
  if (r.status === 'n/a') return [`  ${r.backend}: n/a: ${r.reason}`];
  return [
    `  ${r.backend} (${r.threads} thread${r.threads === 1 ? '' : 's'}): RSS ${fmt(r.rssStartMB)} MB after warm-up, ` +
      `peak ${fmt(r.rssPeakMB)} MB${r.gcForced ? '' : ' (GC not exposed: heap figures are noisy)'}`,
    `    heap ${fmt(r.heapStartMB)} -> ${fmt(r.heapEndMB)} MB (growth ${fmt(r.heapGrowthMB)}); trace: ${r.heapTraceMB.map(fmt).join(', ')}`,
    `    external ${fmt(r.externalStartMB)} -> ${fmt(r.externalEndMB)} MB (growth ${fmt(r.externalGrowthMB)}); ` +
      `trace: ${r.externalTraceMB.map(fmt).join(', ')}`,
  ];
}

/** The memory run: per backend, RSS and the heap and external traces; then the peak RSS ratio. */
export function formatMemory(m: MemoryReport): string {
  const ratio = m.rssPeakRatio === null ? 'n/a (needs both backends)' : fmt(m.rssPeakRatio);
  return [
    `Memory (nabla, ${m.steps} W2 steps per backend, each in a fresh process; heap and external after a forced GC):`,
    ...m.runs.flatMap(memoryLines),
    `  peak RSS wasm / cpu: ${ratio}`,
  ].join('\n');
}
