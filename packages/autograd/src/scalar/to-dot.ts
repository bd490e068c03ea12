import { ValueError, describe } from '../errors.js';
import { fmt4, renderDot, type DotOptions, type DotView } from '../graph/dot.js';
import { Value } from './value.js';

const valueView: DotView<Value> = {
  inputs: (v) => v.prev,
  op: (v) => v.op,
  fields: (v) => [v.label, `data ${fmt4(v.data)}`, `grad ${fmt4(v.grad)}`],
};

/**
 * Renders the expression graph below `root` as Graphviz DOT: one record per Value showing its label, data
 * and grad (4 significant digits), and a small node per op with edges input -> op -> output. Call it after
 * `backward()` to see the gradients.
 *
 * @example
 * const a = new Value(2, { label: 'a' });
 * const b = a.mul(a);
 * b.label = 'b';
 * b.backward();
 * console.log(toDot(b)); // save as graph.dot, then: dot -Tsvg graph.dot > graph.svg
 */
export function toDot(root: Value, opts: DotOptions = {}): string {
  if (!(root instanceof Value)) throw new ValueError(`toDot: root must be a Value, got ${describe(root)}`);
  return renderDot(root, valueView, opts);
}
