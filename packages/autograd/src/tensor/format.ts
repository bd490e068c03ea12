import type { DType, TypedArray } from './dtype.js';
import { Formatter } from './format-number.js';
import type { PrintOptions } from './print-options.js';
import { contiguousStrides } from './shape.js';

/** The indices printed along an axis of size `d`; null marks the `...` of a summarised axis. */
function selected(d: number, summarise: boolean, edge: number): (number | null)[] {
  const out: (number | null)[] = [];
  if (summarise && d > 2 * edge) {
    for (let i = 0; i < edge; i++) out.push(i);
    out.push(null);
    for (let i = d - edge; i < d; i++) out.push(i);
  } else for (let i = 0; i < d; i++) out.push(i);
  return out;
}

/**
 * PyTorch's `_tensor_str` for contiguous `data`: nested brackets, one shared number format (see `Formatter`),
 * rows wrapped at `linewidth`, and above `threshold` elements only `edgeItems` at each end of every axis with
 * `...` between. `indent` is the column the body starts at (7, after `tensor(`); continuation lines line up
 * under the brackets. Built bottom-up one axis at a time, without recursion, so any rank prints.
 */
export function formatTensor(data: TypedArray, shape: readonly number[], dtype: DType, opts: Readonly<PrintOptions>, indent = 7): string {
  const n = shape.length;
  if (n === 0) return new Formatter([data[0]!], dtype, opts).format(data[0]!);
  if (data.length === 0) return '[]';
  const summarise = data.length > opts.threshold;
  const sel = shape.map((d) => selected(d, summarise, opts.edgeItems));
  const strides = contiguousStrides(shape);

  // Offsets of the printed elements in row-major order; the format is chosen from these values only.
  let offsets = [0];
  for (let a = 0; a < n; a++) {
    const next: number[] = [];
    for (const o of offsets) for (const i of sel[a]!) if (i !== null) next.push(o + i * strides[a]!);
    offsets = next;
  }
  const values = offsets.map((o) => data[o]!);
  const f = new Formatter(values, dtype, opts);
  let items = values.map((v) => f.format(v));

  // blocks[a]: how many bracketed blocks axis a has, the product of the elements printed along the axes before it.
  const blocks = [1];
  for (let a = 0; a < n; a++) blocks.push(blocks[a]! * sel[a]!.filter((i) => i !== null).length);
  for (let a = n - 1; a >= 0; a--) {
    const axis = sel[a]!;
    const groups = blocks[a]!;
    const k = blocks[a + 1]! / Math.max(groups, 1);
    const vector = a === n - 1;
    // A summarised row shows ' ...' as one more element; with no edge items at all just '...'.
    const ellipsis = vector && opts.edgeItems > 0 ? ' ...' : '...';
    const next: string[] = [];
    for (let g = 0; g < groups; g++) {
      const elems: string[] = [];
      let j = g * k;
      for (const i of axis) elems.push(i === null ? ellipsis : items[j++]!);
      next.push(vector ? row(elems, f.width, indent + a, opts.linewidth) : block(elems, n - a - 1, indent + a));
    }
    items = next;
  }
  return items[0]!;
}

/** A 1-d row: as many elements per line as fit in `linewidth` after `indent` (PyTorch's `_vector_str`). */
function row(elems: string[], width: number, indent: number, linewidth: number): string {
  const perLine = Math.max(1, Math.floor((linewidth - indent) / (width + 2)));
  const lines: string[] = [];
  for (let i = 0; i < elems.length; i += perLine) lines.push(elems.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

/** Sub-blocks separated by `gap` blank-line breaks, aligned one column right of `indent`. */
function block(elems: string[], gap: number, indent: number): string {
  // The separator is only built when needed: a rank-100,000 tensor of size-1 axes has no separators at all.
  return elems.length === 1 ? `[${elems[0]}]` : `[${elems.join(`,${'\n'.repeat(gap)}${' '.repeat(indent + 1)}`)}]`;
}

/**
 * PyTorch's `_add_suffixes`: `, shape=[2]`-style suffixes after the body, each moved to a new line (indented
 * by `indent`) when it would run past `linewidth`, then the closing parenthesis.
 */
export function withSuffixes(head: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  const parts = [head];
  // PyTorch counts the last line one character long (its +1), which decides the same breaks as it does.
  let last = head.length - head.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (last + s.length + 2 > linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${s}`);
      last = indent + s.length;
    } else {
      parts.push(`, ${s}`);
      last += s.length + 2;
    }
  }
  return `${parts.join('')})`;
}
