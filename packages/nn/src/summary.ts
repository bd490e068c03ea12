import type { Module } from './module.js';
import { Parameter } from './parameter.js';

const fmtCount = (n: number): string => n.toLocaleString('en-US');

/**
 * The table behind `Module.summary()`: one row per module (dotted name, class, the parameters it owns
 * directly, their shapes), then totals. It does not run the model, so no output shapes are shown.
 */
export function summaryTable(root: Module): string {
  const rows: [string, string, string, string][] = [['Layer', 'Type', 'Shapes', 'Params']];
  const counted = new Set<object>();
  let total = 0;
  let trainable = 0;
  for (const [name, m] of root.namedModules()) {
    const own = [...m._ownParameters().map(([, p]) => p), ...m._childSlots().flatMap(([, v]) => (v instanceof Parameter ? [v] : []))];
    let count = 0;
    const shapes: string[] = [];
    for (const p of own) {
      shapes.push(`[${p.shape.join(',')}]`);
      if (counted.has(p)) continue; // a shared parameter counts once, where it first appears
      counted.add(p);
      count += p.size;
      total += p.size;
      if (p.requiresGrad) trainable += p.size;
    }
    rows.push([name === '' ? '(root)' : name, m.constructor.name, shapes.join(' '), fmtCount(count)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (c === r.length - 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1));
  return [
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Total params: ${fmtCount(total)}`,
    `Trainable params: ${fmtCount(trainable)}`,
    `Non-trainable params: ${fmtCount(total - trainable)}`,
  ].join('\n');
}
