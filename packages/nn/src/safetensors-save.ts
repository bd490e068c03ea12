import { ValueError, describe, type Tensor } from '@nabla/autograd';
import { ITEM_SIZE, compareUtf8, type FileDType } from './safetensors-header.js';
import { BF16, F16, encodeHalves } from './safetensors-half.js';

/** The float widths `saveSafetensors` can store float tensors in. */
export type SafetensorsDType = 'float16' | 'bfloat16' | 'float32' | 'float64';

/** Options of `saveSafetensors`. */
export interface SaveSafetensorsOptions {
  /** Store every float tensor with this width (default: each tensor's own dtype); int32 tensors stay I32. */
  dtype?: SafetensorsDType;
  /** The `__metadata__` strings. */
  metadata?: Record<string, string> | null;
}

const FILE_DTYPE: Record<SafetensorsDType | 'int32', FileDType> = { float16: 'F16', bfloat16: 'BF16', float32: 'F32', float64: 'F64', int32: 'I32' };
// The reference writer orders tensors by descending dtype (its enum order: ... F16 < BF16 < I32 < F32 < F64 < I64), then name.
const DTYPE_RANK: Record<FileDType, number> = { F16: 0, BF16: 1, I32: 2, F32: 3, F64: 4, I64: 5 };
const DTYPE_NAMES = Object.keys(FILE_DTYPE).filter((k) => k !== 'int32');

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * @internal Splits `saveSafetensors`' second argument: old-style metadata, or `{ dtype, metadata }` options,
 * recognised when those are its only keys (and `metadata`, if present, is not a string). So a misspelt
 * dtype is an error rather than a metadata entry.
 */
export function saveOptions(arg: unknown): { dtype: SafetensorsDType | undefined; metadata: Record<string, string> | null } {
  if (arg === undefined || arg === null) return { dtype: undefined, metadata: null };
  if (!isPlainObject(arg)) throw new ValueError(`saveSafetensors: expected metadata (an object of strings) or options { dtype, metadata }, got ${describe(arg)}`);
  const keys = Object.keys(arg);
  const isOptions =
    keys.length > 0 &&
    keys.every((k) => k === 'dtype' || k === 'metadata') &&
    (!('metadata' in arg) || typeof arg.metadata !== 'string');
  const dtype = isOptions ? arg.dtype : undefined;
  if (dtype !== undefined && !DTYPE_NAMES.includes(dtype as string)) {
    throw new ValueError(
      `saveSafetensors: dtype must be one of ${DTYPE_NAMES.join(', ')}, got ${describe(dtype)} (to store a metadata entry named 'dtype', pass { metadata: { dtype: ... } })`,
    );
  }
  const metadata = isOptions ? (arg.metadata ?? null) : arg;
  if (metadata !== null) {
    if (!isPlainObject(metadata)) throw new ValueError(`saveSafetensors: metadata must be an object of strings, got ${describe(metadata)}`);
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`saveSafetensors: metadata value for '${k}' must be a string, got ${describe(v)}`);
    }
  }
  return { dtype: dtype as SafetensorsDType | undefined, metadata: metadata as Record<string, string> | null };
}

/** @internal Writes the file: header (hand-built JSON in file order), padding, then each tensor's bytes. */
export function encodeSafetensors(entries: { key: string; t: Tensor }[], dtype: SafetensorsDType | undefined, metadata: Record<string, string> | null): Uint8Array {
  const items = entries.map(({ key, t }) => ({ key, t, file: FILE_DTYPE[t.dtype === 'int32' ? 'int32' : (dtype ?? t.dtype)] }));
  items.sort((a, b) => DTYPE_RANK[b.file] - DTYPE_RANK[a.file] || compareUtf8(a.key, b.key));
  // The JSON is written by hand in file order: JSON.stringify would move integer-like keys ("0") first.
  const parts: string[] = [];
  if (metadata !== null) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const { key, t, file } of items) {
    const n = t.size * ITEM_SIZE[file];
    parts.push(`${JSON.stringify(key)}:${JSON.stringify({ dtype: file, shape: t.shape, data_offsets: [offset, offset + n] })}`);
    offset += n;
  }
  let headerBytes = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  if (padded !== headerBytes.length) {
    const p = new Uint8Array(padded).fill(0x20); // spaces, so the data starts 8-byte aligned
    p.set(headerBytes);
    headerBytes = p;
  }
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.set(headerBytes, 8);
  let at = 8 + padded;
  for (const { t, file } of items) {
    const d = t.data();
    if (file === 'F32') for (let i = 0; i < d.length; i++, at += 4) view.setFloat32(at, d[i]!, true);
    else if (file === 'F64') for (let i = 0; i < d.length; i++, at += 8) view.setFloat64(at, d[i]!, true);
    else if (file === 'I32') for (let i = 0; i < d.length; i++, at += 4) view.setInt32(at, d[i]!, true);
    else {
      encodeHalves(d, file === 'F16' ? F16 : BF16, view, at);
      at += 2 * d.length;
    }
  }
  return out;
}
