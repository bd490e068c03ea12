import { Tensor, ValueError, describe, tensor } from '@nabla/autograd';
import { Module } from './module.js';
import { ITEM_SIZE, MAX_HEADER, parseHeader } from './safetensors-header.js';
import { BF16, F16, decodeHalves } from './safetensors-half.js';
import { encodeSafetensors, saveOptions, type SaveSafetensorsOptions } from './safetensors-save.js';

export type { SafetensorsDType, SaveSafetensorsOptions } from './safetensors-save.js';

/** What `loadSafetensors` returns: the tensors by name (in file order) and the optional `__metadata__`. */
export interface SafetensorsContents {
  /** The tensors by name, in file order (a map without prototype: any name, even `__proto__`, is a plain key). */
  tensors: Record<string, Tensor>;
  /** The file's `__metadata__` strings, or null when it has none. */
  metadata: Record<string, string> | null;
}

/** Options of `loadSafetensors`. */
export interface LoadSafetensorsOptions {
  /** The dtype F16 and BF16 tensors are read into: 'float32' (the default) or 'float64'; both are exact. */
  halfDType?: 'float32' | 'float64';
}

/**
 * Serialises tensors to the safetensors format, byte for byte as the reference implementation
 * (`safetensors.torch.save`) writes them: an 8-byte little-endian header length, a compact JSON header
 * (`__metadata__` first, then each tensor's dtype, shape and data_offsets) padded with spaces to a
 * multiple of 8, then each tensor's little-endian row-major data, ordered by descending dtype then name.
 * Pass a state dict, or a Module to save its `stateDict()`.
 *
 * The second argument is the metadata (an object of strings), or options `{ dtype, metadata }`: `dtype`
 * 'float16' or 'bfloat16' stores every float tensor as F16 or BF16, rounded to nearest with ties to even
 * as PyTorch's `.half()` / `.bfloat16()` (values beyond the format's range become ±Infinity), and
 * 'float32' or 'float64' converts float tensors to that width; int32 tensors stay I32. (An object whose
 * only keys are `dtype` and `metadata` is read as options: to store a metadata entry named `dtype`, pass
 * `{ metadata: { dtype: ... } }`.) NaN is written as the quiet NaN 0x7E00 (F16) or 0x7FC0 (BF16).
 * @example
 * const bytes = saveSafetensors(model.stateDict(), { format: 'pt' });
 * const half = saveSafetensors(model, { dtype: 'bfloat16', metadata: { format: 'pt' } }); // half the size
 * model.loadStateDict(loadSafetensors(bytes).tensors);
 */
export function saveSafetensors(
  stateDict: Record<string, Tensor> | Module,
  metadataOrOptions?: Record<string, string> | SaveSafetensorsOptions | null,
): Uint8Array {
  const sd = stateDict instanceof Module ? stateDict.stateDict() : stateDict;
  if (typeof sd !== 'object' || sd === null || Array.isArray(sd) || sd instanceof Tensor) {
    throw new ValueError(`saveSafetensors: expected a state dict (an object of Tensors) or a Module, got ${describe(sd)}`);
  }
  const { dtype, metadata } = saveOptions(metadataOrOptions);
  const items = Object.keys(sd).map((key) => {
    const t: unknown = sd[key];
    if (!(t instanceof Tensor)) throw new ValueError(`saveSafetensors: value for '${key}' must be a Tensor, got ${describe(t)}`);
    if (key === '__metadata__') throw new ValueError(`saveSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    return { key, t };
  });
  return encodeSafetensors(items, dtype, metadata);
}

/**
 * Parses a safetensors file: F32, F64 and I32 tensors keep their dtype; F16 and BF16 (most Hugging Face
 * checkpoints) are read exactly into float32, or float64 with `{ halfDType: 'float64' }`, Infinity and
 * NaN included; I64 is read into int32 when every value fits (PyTorch's `num_batches_tracked`).
 * Everything is checked before any tensor is built: a short or truncated file, a header length past the
 * end or above 100 MB, invalid UTF-8 or JSON, nesting deeper than 16 levels, a name given twice, an
 * unknown dtype, offsets out of range, overlapping, leaving gaps or not matching the shape all throw a
 * ValueError naming the key and offset.
 * @example const { tensors, metadata } = loadSafetensors(bytes);
 */
export function loadSafetensors(bytes: Uint8Array, opts: LoadSafetensorsOptions = {}): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw new ValueError(`loadSafetensors: expected a Uint8Array, got ${describe(bytes)}`);
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`loadSafetensors: options must be an object, got ${describe(opts)}`);
  const halfDType = opts.halfDType ?? 'float32';
  if (halfDType !== 'float32' && halfDType !== 'float64') {
    throw new ValueError(`loadSafetensors: halfDType must be 'float32' or 'float64', got ${describe(halfDType)}`);
  }
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
  // Decode everything before building any tensor, so a bad I64 value leaves nothing half-made.
  const decoded = entries.map((e) => {
    const count = (e.end - e.begin) / ITEM_SIZE[e.dtype];
    const at = base + e.begin;
    let data: Float32Array | Float64Array | Int32Array;
    if (e.dtype === 'F32') {
      data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    } else if (e.dtype === 'F64') {
      data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(at + 8 * i, true);
    } else if (e.dtype === 'F16' || e.dtype === 'BF16') {
      const fmt = e.dtype === 'F16' ? F16 : BF16;
      data = halfDType === 'float32' ? new Float32Array(count) : new Float64Array(count);
      decodeHalves(view, at, count, fmt, data);
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
    return { key: e.key, data, shape: e.shape };
  });
  // No prototype: a tensor named '__proto__' or 'constructor' is an ordinary entry.
  const tensors = Object.create(null) as Record<string, Tensor>;
  for (const { key, data, shape } of decoded) tensors[key] = tensor(data, { shape: shape.slice() });
  return { tensors, metadata };
}
