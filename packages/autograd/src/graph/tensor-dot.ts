import { fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fmt4, renderDot, type DotOptions, type DotView } from './dot.js';

/** Options of `toDot` for Tensor graphs. */
export interface TensorDotOptions extends DotOptions {
  /** Show the values (and `.grad`, when set) of tensors with at most `maxValues` elements. Default false. */
  showValues?: boolean;
  /** The largest tensor whose values are drawn when `showValues` is on. Default 16. */
  maxValues?: number;
}

/** Nested brackets of 4-significant-digit numbers, row-major, e.g. `[[1, 2.5], [3, 4]]`. */
function formatValues(t: Tensor): string {
  const d = t.data();
  let at = 0;
  // Builds one bracket level per axis; depth is the tensor's rank, not the graph's, so recursion is fine.
  const level = (axis: number): string => {
    if (axis === t.ndim) return fmt4(d[at++]!);
    const parts: string[] = [];
    for (let i = 0; i < t._shape[axis]!; i++) parts.push(level(axis + 1));
    return `[${parts.join(', ')}]`;
  };
  return level(0);
}

function tensorView(opts: TensorDotOptions): DotView<Tensor> {
  const maxValues = opts.maxValues ?? 16;
  return {
    // A node freed by an earlier backward no longer knows its inputs; it is drawn without them.
    inputs: (t) => t._node?.inputs ?? [],
    op: (t) => (t._node === null ? '' : t._node.inputs === null ? `${t._node.prim} (freed)` : t._node.prim),
    fields: (t) => {
      const kind = t._node !== null ? [] : [t.requiresGrad ? 'leaf' : 'constant'];
      const fields = [...kind, `${fmtShape(t._shape)} ${t.dtype}`];
      if (opts.showValues && t.size <= maxValues) {
        fields.push(`data ${formatValues(t)}`);
        if (t.grad) fields.push(`grad ${formatValues(t.grad)}`);
      }
      return fields;
    },
  };
}

/**
 * Renders the recorded graph below a Tensor as Graphviz DOT: one record per tensor (leaf or constant,
 * shape and dtype; with `showValues`, the values and `.grad` of small tensors) and one ellipse per op,
 * with edges input -> op -> output. Shares the iterative renderer with the scalar engine's picture.
 */
export function tensorToDot(root: Tensor, opts: TensorDotOptions = {}): string {
  return renderDot(root, tensorView(opts), opts);
}
