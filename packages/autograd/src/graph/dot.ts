import { topoSort } from './topo.js';

/**
 * How `renderDot` reads a graph, so any node type (scalar `Value`, a Tensor node) can be drawn without
 * implementing an interface: ids are assigned by the renderer, in topological order.
 */
export interface DotView<N> {
  /** The nodes this one was computed from, in argument order; empty for a leaf. */
  inputs(node: N): readonly N[];
  /** The op that produced the node, drawn as its own small node; '' for a leaf (no op node). */
  op(node: N): string;
  /** The record's fields, one box each (e.g. label, data, grad). Escaped by the renderer. */
  fields(node: N): readonly string[];
}

/** Options for `renderDot`. */
export interface DotOptions {
  /** Layout direction: 'LR' (left to right, the default) or 'TB' (top to bottom). */
  rankdir?: 'LR' | 'TB';
}

/**
 * Renders the graph below `root` as Graphviz DOT, micrograd style: one record node per graph node, and for
 * each computed node a small ellipse holding its op, with edges input -> op -> output. An input used twice
 * gets two edges. Iterative, so deep graphs render too (if Graphviz can lay them out).
 *
 * @example
 * const dot = renderDot(root, { inputs: (n) => n.prev, op: (n) => n.op, fields: (n) => [n.label] });
 * // pipe `dot` into `dot -Tsvg` to see it
 */
export function renderDot<N>(root: N, view: DotView<N>, opts: DotOptions = {}): string {
  const order = topoSort(root, (n) => view.inputs(n));
  const ids = new Map<N, string>();
  order.forEach((n, i) => ids.set(n, `n${i}`));
  const lines = [
    'digraph G {',
    `  rankdir=${opts.rankdir ?? 'LR'};`,
    '  node [shape=record, fontname="Helvetica"];',
  ];
  for (const n of order) {
    const id = ids.get(n) as string;
    const record = view.fields(n).map(escapeRecordField).join(' | ');
    lines.push(`  ${id} [label="{ ${record} }"];`);
    const op = view.op(n);
    if (op === '') continue;
    lines.push(`  ${id}_op [label="${escapeRecordField(op)}", shape=ellipse];`);
    for (const x of view.inputs(n)) lines.push(`  ${ids.get(x) as string} -> ${id}_op;`);
    lines.push(`  ${id}_op -> ${id};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * Escapes text for a quoted record label: a backslash and `"` would end or corrupt the string, and
 * `{ } | < >` are record syntax (field separators and ports), so each gets a backslash; newlines become spaces
 * so one field stays one box.
 */
export function escapeRecordField(text: string): string {
  return text.replace(/[\\"{}|<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Formats a number with 4 significant digits for pictures, without trailing zeros: 0.1235, 123500, 1.235e-7, 1.235e+25, NaN. */
export function fmt4(x: number): string {
  return String(Number(x.toPrecision(4)));
}
