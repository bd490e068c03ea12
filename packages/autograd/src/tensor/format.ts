import type { DType, TypedArray } from './dtype.js';

/** Above this many elements `toString` shows only the first and last three entries of each axis, like PyTorch. */
const SUMMARY_THRESHOLD = 1000;
const EDGE = 3;

function formatNumber(x: number, dtype: DType): string {
  if (dtype === 'int32') return String(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e8) return `${x}.`;
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e8)) return x.toExponential(4);
  // A value that rounds to a whole number keeps the float dot, as PyTorch prints it: -1.0000000000000002 -> "-1."
  const r = Number(x.toPrecision(4));
  return Number.isInteger(r) ? `${r}.` : String(r);
}

/**
 * Formats contiguous data as nested brackets in PyTorch's style, summarising large tensors with `...`,
 * and padding every entry to a common width so columns line up.
 */
export function formatTensor(data: TypedArray, shape: readonly number[], dtype: DType): string {
  const summarise = data.length > SUMMARY_THRESHOLD;
  const strs: string[] = [];
  for (let i = 0; i < data.length; i++) strs.push(formatNumber(data[i]!, dtype));
  const width = strs.reduce((w, s) => Math.max(w, s.length), 0);
  const cell = (i: number) => strs[i]!.padStart(width);
  if (shape.length === 0) return strs[0] ?? '';

  // Iterative over an explicit stack would be overkill here: depth is the tensor's rank, not its size.
  const walk = (axis: number, offset: number, indent: string): string => {
    const n = shape[axis]!;
    let stride = 1;
    for (let k = axis + 1; k < shape.length; k++) stride *= shape[k]!;
    const idx: (number | null)[] = [];
    if (summarise && n > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE; i < n; i++) idx.push(i);
    } else for (let i = 0; i < n; i++) idx.push(i);
    if (axis === shape.length - 1) {
      return `[${idx.map((i) => (i === null ? '...' : cell(offset + i))).join(', ')}]`;
    }
    const sep = ',' + '\n'.repeat(shape.length - axis - 1) + indent + ' ';
    return `[${idx.map((i) => (i === null ? '...' : walk(axis + 1, offset + i * stride, indent + ' '))).join(sep)}]`;
  };
  return walk(0, 0, '');
}
