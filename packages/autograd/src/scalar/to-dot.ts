import { ValueError, describe } from '../errors.js';
import { fmt4, renderDot, type DotView } from '../graph/dot.js';
import { tensorToDot, type TensorDotOptions } from '../graph/tensor-dot.js';
import { Tensor } from '../tensor/tensor.js';
import { Value } from './value.js';

const valueView: DotView<Value> = {
  inputs: (v) => v.prev,
  op: (v) => v.op,
  fields: (v) => [v.label, `data ${fmt4(v.data)}`, `grad ${fmt4(v.grad)}`],
};

/**
 * Renders the expression graph below `root` as Graphviz DOT: one record per Value showing its label, data
 * and grad (4 significant digits), and a small node per op with edges input -> op -> output. Call it after
 * `backward()` to see the gradients. A Tensor root draws its recorded graph (op, shape and dtype per
 * tensor; values and grads of small tensors with `{ showValues: true }`).
 *
 * @example
 * const a = new Value(2, { label: 'a' });
 * const b = a.mul(a);
 * b.label = 'b';
 * b.backward();
 * console.log(toDot(b)); // save as graph.dot, then: dot -Tsvg graph.dot > graph.svg
 * toDot(w.matmul(x).relu().sum(), { showValues: true }); // a Tensor graph
 */
export function toDot(root: Value | Tensor, opts: TensorDotOptions = {}): string {
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`toDot: options must be an object, got ${describe(opts)}`);
  if (root instanceof Tensor) return tensorToDot(root, opts);
  if (!(root instanceof Value)) throw new ValueError(`toDot: root must be a Value or a Tensor, got ${describe(root)}`);
  return renderDot(root, valueView, opts);
}
