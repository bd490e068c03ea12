/**
 * Why backward walks the graph in reverse topological order: a hand-written reverse sweep over a graph in
 * which `a` is used twice, run once in topological order and once in breadth-first order from the output.
 */
// #region show
import { Value } from '@nabla/autograd';

/** d(out)/d(input) for each input of `out`, for the three ops used below. */
function localDerivatives(out: Value): number[] {
  const [x, y] = out.prev;
  if (out.op === 'add') return [1, 1];
  if (out.op === 'mul') return [y!.data, x!.data];
  if (out.op === 'tanh') return [1 - out.data ** 2];
  throw new Error(`no rule for ${out.op}`);
}

/** The reverse sweep: visit nodes from the output back, pushing each node's gradient to its inputs. */
function sweep(order: readonly Value[], root: Value): Map<Value, number> {
  const grad = new Map<Value, number>([[root, 1]]);
  for (const node of order) {
    const g = grad.get(node) ?? 0;
    node.prev.forEach((input, i) => {
      grad.set(input, (grad.get(input) ?? 0) + g * localDerivatives(node)[i]!);
    });
  }
  return grad;
}

/** Depth-first post-order: every node after all of its inputs (iterative, so deep graphs are fine). */
function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const seen = new Set<Value>();
  const stack: [Value, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, expanded] = stack.pop()!;
    if (expanded) {
      order.push(node);
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push([node, true]);
    for (const input of node.prev) if (!seen.has(input)) stack.push([input, false]);
  }
  return order;
}

/** Breadth-first from the output: looks plausible, but can visit a node before all of its users. */
function breadthFirstOrder(root: Value): Value[] {
  const order: Value[] = [];
  const seen = new Set<Value>([root]);
  for (let i = 0, queue = [root]; i < queue.length; i++) {
    order.push(queue[i]!);
    for (const input of queue[i]!.prev) if (!seen.has(input)) (seen.add(input), queue.push(input));
  }
  return order;
}
// #endregion show

export function main(): void {
  // #region run
  const x = new Value(0.5, { label: 'x' });
  const a = x.mul(3); // a = 3x
  const out = a.add(a.tanh()); // out = a + tanh(a): `a` is used twice

  const right = sweep(topologicalOrder(out).reverse(), out);
  const wrong = sweep(breadthFirstOrder(out), out);
  out.backward();
  console.log(`reverse topological order: d out/dx = ${right.get(x)!.toFixed(6)}`);
  console.log(`breadth-first order:       d out/dx = ${wrong.get(x)!.toFixed(6)}`);
  console.log(`Value.backward():          d out/dx = ${x.grad.toFixed(6)}`);
  console.log(`exact, 3 (1 + 1 - tanh(3x)^2):        ${(3 * (2 - Math.tanh(1.5) ** 2)).toFixed(6)}`);
  // #endregion run
}
