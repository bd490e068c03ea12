/**
 * Turns a parsed expression into a graph of `Value`s (the scalar engine of @nabla/autograd) and lists its
 * nodes in topological order with the names the page shows: the variable's name for a variable, the
 * literal for a constant, t1, t2, ... for the intermediate results.
 */
import { Value } from '@nabla/autograd';
import type { Expr } from './parser.js';

/** What a node of the picture is. */
export type NodeKind = 'var' | 'const' | 'op';

/** One Value of the graph with the facts the page needs about it. */
export interface GraphNode {
  /** Stable id within one graph: `n<index in topological order>`. */
  id: string;
  value: Value;
  kind: NodeKind;
  /** `a` for a variable, `2` for a constant, `t3` for an intermediate result. */
  name: string;
}

/** A built expression: its root, one Value per variable name, and every node in topological order. */
export interface BuiltGraph {
  root: Value;
  vars: Map<string, Value>;
  /** Inputs before the nodes that use them; the root is last. */
  nodes: GraphNode[];
  /** Lookup from a Value to its node. */
  byValue: Map<Value, GraphNode>;
}

/** Every node reachable from `root`, each after its inputs (root last); iterative, like the engine's own walk. */
export function topoOrder(root: Value): Value[] {
  const order: Value[] = [];
  const seen = new Set<Value>([root]);
  const stack: [Value, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [Value, number];
    const [v, i] = top;
    const next = v.prev.slice(i).findIndex((x) => !seen.has(x));
    if (next >= 0) {
      const x = v.prev[i + next] as Value;
      top[1] = i + next + 1;
      seen.add(x);
      stack.push([x, 0]);
    } else {
      stack.pop();
      order.push(v);
    }
  }
  return order;
}

/** Builds the Values of `e`; `env` gives each variable's number (a missing name throws, naming it). */
export function buildGraph(e: Expr, env: ReadonlyMap<string, number>): BuiltGraph {
  const vars = new Map<string, Value>();
  const consts = new Set<Value>();
  const build = (n: Expr): Value => {
    switch (n.kind) {
      case 'num': {
        const c = new Value(n.value, { label: n.text });
        consts.add(c);
        return c;
      }
      case 'var': {
        let v = vars.get(n.name);
        if (!v) {
          const x = env.get(n.name);
          if (x === undefined) throw new Error(`no value given for '${n.name}'`);
          v = new Value(x, { label: n.name });
          vars.set(n.name, v);
        }
        return v;
      }
      case 'neg':
        return build(n.arg).neg();
      case 'call':
        return build(n.arg)[n.fn]();
      case 'binary': {
        const x = build(n.left);
        return x[n.op](build(n.right));
      }
    }
  };
  const root = build(e);
  const nodes: GraphNode[] = [];
  const byValue = new Map<Value, GraphNode>();
  let t = 0;
  for (const value of topoOrder(root)) {
    const kind: NodeKind = consts.has(value) ? 'const' : value.op === '' ? 'var' : 'op';
    const node: GraphNode = { id: `n${nodes.length}`, value, kind, name: kind === 'op' ? `t${++t}` : value.label };
    nodes.push(node);
    byValue.set(value, node);
  }
  return { root, vars, nodes, byValue };
}

/** The value of `e` at `env`, computed by building a fresh graph (so it is exactly the engine's forward). */
export function evaluate(e: Expr, env: ReadonlyMap<string, number>): number {
  return buildGraph(e, env).root.data;
}

/**
 * Central finite differences (f(x + h) - f(x - h)) / 2h for every variable, with h = 1e-6 max(1, |x|):
 * the error is O(h^2) from truncation plus O(eps/h) from rounding, both near 1e-10 here.
 */
export function finiteDifferences(e: Expr, env: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, x] of env) {
    const h = 1e-6 * Math.max(1, Math.abs(x));
    const plus = evaluate(e, new Map(env).set(name, x + h));
    const minus = evaluate(e, new Map(env).set(name, x - h));
    out.set(name, (plus - minus) / (2 * h));
  }
  return out;
}
