import { ValueError } from '@nabla/autograd';
import { checkHeaderShape, brief } from './safetensors-scan.js';

/** Element types a safetensors file may declare that we read, with their byte sizes. I64 is read into int32. */
export const ITEM_SIZE = { F16: 2, BF16: 2, F32: 4, F64: 8, I32: 4, I64: 8 } as const;
export type FileDType = keyof typeof ITEM_SIZE;

/** One validated header entry. */
export interface HeaderEntry {
  key: string;
  dtype: FileDType;
  shape: number[];
  begin: number;
  end: number;
}

/** The largest header the reference implementation accepts (100 MB). */
export const MAX_HEADER = 100_000_000;

const fail = (msg: string): never => {
  throw new ValueError(`loadSafetensors: ${msg}`);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Parses and checks the JSON header: its nesting depth and top-level names are checked on the raw text
 * first (no duplicate names; no deep nesting that could exhaust the stack later), then every entry needs a
 * known dtype, a shape of non-negative integers and data_offsets [begin, end] whose span is exactly the
 * tensor's byte size; sorted by offset, the entries tile the data section [0, dataLength) with no gap or
 * overlap (as the reference reader requires). `base` is the file offset of the data section, for messages.
 * Names such as `__proto__` are plain names: the tensor map has no prototype, metadata keys are own properties.
 */
export function parseHeader(text: string, dataLength: number, base: number): { entries: HeaderEntry[]; metadata: Record<string, string> | null } {
  checkHeaderShape(text, fail);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`header (file bytes 8 to ${8 + new TextEncoder().encode(text).length}) is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(json)) return fail(`header must be a JSON object, got ${brief(json)}`);
  let metadata: Record<string, string> | null = null;
  const entries: HeaderEntry[] = [];
  for (const key of Object.keys(json)) {
    const info = json[key];
    if (key === '__metadata__') {
      if (!isObject(info)) return fail(`__metadata__ must be an object of strings, got ${brief(info)}`);
      metadata = {};
      for (const k of Object.keys(info)) {
        const v = info[k];
        if (typeof v !== 'string') fail(`__metadata__ value for ${brief(k)} must be a string, got ${brief(v)}`);
        // defineProperty, not assignment: a key named '__proto__' stays an ordinary own entry.
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    if (!isObject(info) || !['dtype', 'shape', 'data_offsets'].every((k) => hasOwn(info, k))) {
      return fail(`entry ${brief(key)} must be an object with dtype, shape and data_offsets, got ${brief(info)}`);
    }
    const dtype = hasOwn(info, 'dtype') ? info.dtype : undefined;
    const shape = hasOwn(info, 'shape') ? info.shape : undefined;
    const offsets = hasOwn(info, 'data_offsets') ? info.data_offsets : undefined;
    if (typeof dtype !== 'string' || !hasOwn(ITEM_SIZE, dtype)) {
      fail(`tensor ${brief(key)} has unsupported dtype ${brief(dtype)}; supported: ${Object.keys(ITEM_SIZE).join(', ')}`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(`tensor ${brief(key)} has invalid shape ${brief(shape)}; expected an array of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      fail(`tensor ${brief(key)} has invalid data_offsets ${brief(offsets)}; expected [begin, end] with non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    const size = (shape as number[]).reduce((a, d) => a * d, 1) * ITEM_SIZE[dtype as FileDType];
    if (end < begin) fail(`tensor ${brief(key)} has data_offsets [${begin}, ${end}] with end before begin`);
    if (end > dataLength) {
      fail(`tensor ${brief(key)} has data_offsets [${begin}, ${end}] running past the end of the data section (${dataLength} bytes, file offsets ${base} to ${base + dataLength})`);
    }
    if (end - begin !== size) {
      fail(`tensor ${brief(key)}: shape [${(shape as number[]).join(',')}] of ${dtype} needs ${size} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
    }
    entries.push({ key, dtype: dtype as FileDType, shape: shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev = '';
  for (const e of entries) {
    const name = brief(e.key);
    if (e.begin > at) fail(`tensor ${name} starts at data offset ${e.begin} (file offset ${base + e.begin}) but ${prev ? `${prev} ends` : 'the data section starts'} at ${at}: a gap of ${e.begin - at} bytes`);
    if (e.begin < at) fail(`tensor ${name} (data_offsets [${e.begin}, ${e.end}]) overlaps ${prev}, which ends at data offset ${at}`);
    at = e.end;
    prev = name;
  }
  if (at !== dataLength) fail(`tensors cover data offsets [0, ${at}) but the data section has ${dataLength} bytes (file offsets ${base} to ${base + dataLength}): ${dataLength - at} trailing bytes`);
  return { entries, metadata };
}

/** Compares strings by their UTF-8 bytes, as Rust's `str::cmp` in the reference writer. */
export function compareUtf8(a: string, b: string): number {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
