import { Tensor, ValueError, describe, tensor, type DType } from '@nabla/autograd';
import { Module } from './module.js';
import { ITEM_SIZE, MAX_HEADER, compareUtf8, parseHeader, type FileDType } from './safetensors-header.js';

/** What `loadSafetensors` returns: the tensors by name (in file order) and the optional `__metadata__`. */
export interface SafetensorsContents {
  /** The tensors by name, in file order. */
  tensors: Record<string, Tensor>;
  /** The file's `__metadata__` strings, or null when it has none. */
  metadata: Record<string, string> | null;
}

const FILE_DTYPE: Record<DType, FileDType> = { float32: 'F32', float64: 'F64', int32: 'I32' };
// The reference writer orders tensors by descending dtype (its enum order: ... I32 < F32 < F64 < I64), then name.
const DTYPE_RANK: Record<FileDType, number> = { I32: 0, F32: 1, F64: 2, I64: 3 };

/**
 * Serialises tensors to the safetensors format, byte for byte as the reference implementation
 * (`safetensors.torch.save`) writes them: an 8-byte little-endian header length, a compact JSON header
 * (`__metadata__` first, then each tensor's dtype F32/F64/I32, shape and data_offsets) padded with spaces to a
 * multiple of 8, then each tensor's little-endian row-major data, ordered by descending dtype then name.
 * Pass a state dict, or a Module to save its `stateDict()`.
 * @example
 * const bytes = saveSafetensors(model.stateDict(), { format: 'pt' });
 * model.loadStateDict(loadSafetensors(bytes).tensors);
 */
export function saveSafetensors(stateDict: Record<string, Tensor> | Module, metadata?: Record<string, string> | null): Uint8Array {
  const sd = stateDict instanceof Module ? stateDict.stateDict() : stateDict;
  if (typeof sd !== 'object' || sd === null || Array.isArray(sd) || sd instanceof Tensor) {
    throw new ValueError(`saveSafetensors: expected a state dict (an object of Tensors) or a Module, got ${describe(sd)}`);
  }
  const items = Object.entries(sd).map(([key, t]) => {
    if (!(t instanceof Tensor)) throw new ValueError(`saveSafetensors: value for '${key}' must be a Tensor, got ${describe(t)}`);
    if (key === '__metadata__') throw new ValueError(`saveSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    return { key, t, dtype: FILE_DTYPE[t.dtype] };
  });
  items.sort((a, b) => DTYPE_RANK[b.dtype] - DTYPE_RANK[a.dtype] || compareUtf8(a.key, b.key));
  // The JSON is written by hand in file order: JSON.stringify would move integer-like keys ("0") first.
  const parts: string[] = [];
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new ValueError(`saveSafetensors: metadata must be an object of strings, got ${describe(metadata)}`);
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`saveSafetensors: metadata value for '${k}' must be a string, got ${describe(v)}`);
    }
    parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const { key, t, dtype } of items) {
    const n = t.size * ITEM_SIZE[dtype];
    parts.push(`${JSON.stringify(key)}:${JSON.stringify({ dtype, shape: t.shape, data_offsets: [offset, offset + n] })}`);
    offset += n;
  }
  const json = `{${parts.join(',')}}`;
  let headerBytes = new TextEncoder().encode(json);
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
  for (const { t, dtype } of items) {
    const d = t.data();
    if (dtype === 'F32') for (let i = 0; i < d.length; i++, at += 4) view.setFloat32(at, d[i]!, true);
    else if (dtype === 'F64') for (let i = 0; i < d.length; i++, at += 8) view.setFloat64(at, d[i]!, true);
    else for (let i = 0; i < d.length; i++, at += 4) view.setInt32(at, d[i]!, true);
  }
  return out;
}

/**
 * Parses a safetensors file (F32, F64, I32; I64 is read into int32 when every value fits, for PyTorch's
 * `num_batches_tracked`). Everything is checked before any tensor is built: a short or truncated file, a
 * header length past the end, invalid UTF-8 or JSON, an unknown dtype, offsets out of range, overlapping,
 * leaving gaps or not matching the shape all throw a ValueError naming the key and offset.
 * @example const { tensors, metadata } = loadSafetensors(bytes);
 */
export function loadSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw new ValueError(`loadSafetensors: expected a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length < 8) throw new ValueError(`loadSafetensors: file has ${bytes.length} bytes, too short for the 8-byte header length at offset 0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8)) {
    throw new ValueError(`loadSafetensors: header length ${n64} (bytes 0-7) runs past the end of the file: only ${bytes.length - 8} bytes follow offset 8 (truncated or not a safetensors file)`);
  }
  const n = Number(n64);
  if (n > MAX_HEADER) throw new ValueError(`loadSafetensors: header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new ValueError(`loadSafetensors: header (file bytes 8 to ${8 + n}) is not valid UTF-8`);
  }
  const base = 8 + n;
  const { entries, metadata } = parseHeader(text, bytes.length - base, base);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    const count = (e.end - e.begin) / ITEM_SIZE[e.dtype];
    const at = base + e.begin;
    let data: Float32Array | Float64Array | Int32Array;
    if (e.dtype === 'F32') {
      data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    } else if (e.dtype === 'F64') {
      data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(at + 8 * i, true);
    } else if (e.dtype === 'I32') {
      data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(at + 4 * i, true);
    } else {
      data = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(at + 8 * i, true);
        if (v > 2147483647n || v < -2147483648n) {
          throw new ValueError(`loadSafetensors: I64 tensor '${e.key}' holds ${v} at element ${i} (file offset ${at + 8 * i}), outside int32 range`);
        }
        data[i] = Number(v);
      }
    }
    tensors[e.key] = tensor(data, { shape: e.shape.slice() });
  }
  return { tensors, metadata };
}
