/**
 * A numeric field on each node that the walk may use instead of a Set: a node is seen when its mark
 * equals the current walk's number. Hashing a million objects into a Set costs more than the walk itself,
 * so engines with their own node class (Value) provide this.
 */
export interface VisitMarks<N> {
  get(node: N): number;
  set(node: N, mark: number): void;
}

let walk = 0;

/** A Set-like view over node marks for one walk (`has` and `add` are all the walk needs). */
function markSet<N>(marks: VisitMarks<N>): { has(n: N): boolean; add(n: N): void } {
  const mark = ++walk;
  return { has: (n) => marks.get(n) === mark, add: (n) => marks.set(n, mark) };
}

/**
 * Orders every node reachable from `root` so that each node comes after all of its inputs (root last).
 * Each node appears once however many paths reach it, so a node used twice is visited once and its
 * gradient contributions can be summed. Generic over the node type: the scalar engine, the DOT renderer
 * and a Tensor graph can share it.
 *
 * Iterative on purpose: a recursive walk dies near 11k frames in Node, and graphs 10^6 deep must work.
 *
 * @example
 * const order = topoSort(loss, (v) => v.prev); // [...leaves and intermediates, loss]
 */
export function topoSort<N>(root: N, inputs: (node: N) => readonly N[], marks?: VisitMarks<N>): N[] {
  const order: N[] = [];
  const seen = marks ? markSet(marks) : new Set<N>();
  seen.add(root);
  // The explicit call stack of a depth-first walk: a node and the position of its next input to visit.
  const nodes: N[] = [root];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top] as N;
    const xs = inputs(node);
    let i = next[top] as number;
    while (i < xs.length && seen.has(xs[i] as N)) i++;
    if (i < xs.length) {
      const x = xs[i] as N;
      next[top] = i + 1;
      seen.add(x);
      nodes.push(x);
      next.push(0);
    } else {
      // All inputs are placed (a DAG cannot lead back to a node still on the stack), so this one can go.
      nodes.pop();
      next.pop();
      order.push(node);
    }
  }
  return order;
}
