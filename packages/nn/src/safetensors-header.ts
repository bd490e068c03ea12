import { ValueError } from '@nabla/autograd';

/** Element types a safetensors file may declare that we read, with their byte sizes. I64 is read into int32. */
export const ITEM_SIZE = { F32: 4, F64: 8, I32: 4, I64: 8 } as const;
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

/**
 * Parses and checks the JSON header: every entry has a known dtype, a shape of non-negative integers and
 * data_offsets [begin, end] whose span is exactly the tensor's byte size; sorted by offset, the entries tile
 * the data section [0, dataLength) with no gap or overlap (as the reference reader requires).
 * `base` is the file offset of the data section, used in messages.
 */
export function parseHeader(text: string, dataLength: number, base: number): { entries: HeaderEntry[]; metadata: Record<string, string> | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`header (file bytes 8 to ${8 + new TextEncoder().encode(text).length}) is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(json)) return fail(`header must be a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  let metadata: Record<string, string> | null = null;
  const entries: HeaderEntry[] = [];
  for (const [key, info] of Object.entries(json)) {
    if (key === '__metadata__') {
      if (!isObject(info)) fail(`__metadata__ must be an object of strings, got ${JSON.stringify(info)}`);
      for (const [k, v] of Object.entries(info as object)) if (typeof v !== 'string') fail(`__metadata__ value for '${k}' must be a string, got ${JSON.stringify(v)}`);
      metadata = { ...(info as Record<string, string>) };
      continue;
    }
    if (!isObject(info)) fail(`entry '${key}' must be an object with dtype, shape and data_offsets, got ${JSON.stringify(info)}`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in ITEM_SIZE)) {
      fail(`tensor '${key}' has unsupported dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(ITEM_SIZE).join(', ')}`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(`tensor '${key}' has invalid shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      fail(`tensor '${key}' has invalid data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    const size = (shape as number[]).reduce((a, d) => a * d, 1) * ITEM_SIZE[dtype as FileDType];
    if (end < begin) fail(`tensor '${key}' has data_offsets [${begin}, ${end}] with end before begin`);
    if (end > dataLength) {
      fail(`tensor '${key}' has data_offsets [${begin}, ${end}] running past the end of the data section (${dataLength} bytes, file offsets ${base} to ${base + dataLength})`);
    }
    if (end - begin !== size) {
      fail(`tensor '${key}': shape [${(shape as number[]).join(',')}] of ${dtype} needs ${size} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
    }
    entries.push({ key, dtype: dtype as FileDType, shape: shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev = '';
  for (const e of entries) {
    if (e.begin > at) fail(`tensor '${e.key}' starts at data offset ${e.begin} (file offset ${base + e.begin}) but ${prev ? `'${prev}' ends` : 'the data section starts'} at ${at}: a gap of ${e.begin - at} bytes`);
    if (e.begin < at) fail(`tensor '${e.key}' (data_offsets [${e.begin}, ${e.end}]) overlaps '${prev}', which ends at data offset ${at}`);
    at = e.end;
    prev = e.key;
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
