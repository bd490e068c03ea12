/**
 * Draws a built expression graph as an SVG layered DAG, inputs on the left and the result on the right
 * (dagre assigns layers and orders nodes to reduce crossings). Each node is a box with its formula, its
 * value and its grad; classes mark the node being stepped ('current'), the inputs it just updated
 * ('updated') and the nodes whose grad is final ('done').
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import type { Value } from '@nabla/autograd';
import type { BuiltGraph, GraphNode } from './build.js';
import { fmt, s } from './dom.js';

const SYMBOL: Record<string, string> = { add: '+', sub: '−', mul: '×', div: '÷', pow: '^' };
const CHAR_W = 7.8; // width of one 13px monospace character
const LINE_H = 18;

/** How the page writes a node: `a`, `2`, `t3 = t1 × b`, `t2 = tanh(c)`. */
export function nodeTitle(g: BuiltGraph, n: GraphNode): string {
  if (n.kind !== 'op') return n.name;
  const [x, y] = n.value.prev.map((v) => g.byValue.get(v)?.name ?? '?');
  const op = n.value.op;
  if (op in SYMBOL) return `${n.name} = ${x} ${SYMBOL[op]} ${y}`;
  if (op === 'neg') return `${n.name} = −${x}`;
  return `${n.name} = ${op}(${x})`;
}

/** What to highlight and what extra line (finite differences) to show under a node. */
export interface GraphMarks {
  current?: Value;
  updated?: ReadonlySet<Value>;
  done?: ReadonlySet<Value>;
  /** A finite-difference gradient to print under a variable, by name. */
  numeric?: ReadonlyMap<string, number>;
}

/** Lays out and renders the whole graph as a fresh <svg>. */
export function renderGraph(g: BuiltGraph, marks: GraphMarks = {}): SVGElement {
  const layout = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  layout.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 56, marginx: 12, marginy: 12 });
  layout.setDefaultEdgeLabel(() => ({}));
  const lines = (n: GraphNode): number => (n.kind === 'var' && marks.numeric?.has(n.name) ? 4 : 3);
  for (const n of g.nodes) {
    const width = Math.max(110, nodeTitle(g, n).length * CHAR_W + 24);
    layout.setNode(n.id, { width, height: lines(n) * LINE_H + 12 });
  }
  for (const n of g.nodes) {
    n.value.prev.forEach((x, i) => layout.setEdge(g.byValue.get(x)?.id as string, n.id, {}, `${n.id}:${i}`));
  }
  dagre.layout(layout);
  const size = layout.graph();

  const svg = s('svg', {
    class: 'graph',
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    viewBox: `0 0 ${Math.ceil(size.width ?? 0)} ${Math.ceil(size.height ?? 0)}`,
    role: 'img',
    'aria-label': 'expression graph',
  });
  svg.append(
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))),
  );
  for (const e of layout.edges()) {
    const pts: readonly Point[] = layout.edge(e).points ?? [];
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    svg.append(s('path', { class: 'edge', d, 'marker-end': 'url(#arrow)' }));
  }
  for (const n of g.nodes) svg.append(renderNode(g, n, layout.node(n.id), marks));
  return svg;
}

function renderNode(g: BuiltGraph, n: GraphNode, box: { x?: number; y?: number; width: number; height: number }, marks: GraphMarks): SVGElement {
  const v = n.value;
  const state = marks.current === v ? 'current' : marks.updated?.has(v) ? 'updated' : marks.done?.has(v) ? 'done' : '';
  const x0 = (box.x ?? 0) - box.width / 2;
  const y0 = (box.y ?? 0) - box.height / 2;
  const group = s('g', {
    class: `node ${n.kind} ${state}`.trim(),
    'data-id': n.id,
    'data-name': n.name,
    'data-kind': n.kind,
    'data-data': String(v.data),
    'data-grad': String(v.grad),
  });
  group.append(s('rect', { x: x0, y: y0, width: box.width, height: box.height, rx: 6 }));
  const text = (cls: string, row: number, content: string): SVGElement =>
    s('text', { class: cls, x: x0 + 10, y: y0 + 6 + LINE_H * (row + 0.75) }, content);
  group.append(text('title', 0, nodeTitle(g, n)), text('data-text', 1, `data ${fmt(v.data)}`), text('grad-text', 2, `grad ${fmt(v.grad)}`));
  const numeric = n.kind === 'var' ? marks.numeric?.get(n.name) : undefined;
  if (numeric !== undefined) group.append(text('fd-text', 3, `fd   ${fmt(numeric)}`));
  return group;
}
