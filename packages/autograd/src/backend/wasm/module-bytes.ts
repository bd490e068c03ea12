import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** Where the `env.memory` import's limits sit in the module, and its declared minimum (pages). */
export interface MemoryImport {
  /** Byte offset of the limits flags byte (0x03: shared with a maximum; 0x01: unshared with a maximum). */
  readonly flagsAt: number;
  readonly minPages: number;
  readonly maxPages: number;
}

/** The kernels module's bytes, decoded from the inlined base64. */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const bin = atob(KERNELS_WASM_BASE64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Finds the memory import by walking the import section (wasm binary format, section id 2). */
export function findMemoryImport(b: Uint8Array): MemoryImport {
  let p = 8; // magic + version
  const leb = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = b[p++]!;
      v += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return v;
      shift += 7;
    }
  };
  const skipName = (): void => {
    const n = leb();
    p += n;
  };
  while (p < b.length) {
    const id = b[p++]!;
    const size = leb();
    if (id !== 2) {
      p += size;
      continue;
    }
    const count = leb();
    for (let i = 0; i < count; i++) {
      skipName();
      skipName();
      const kind = b[p++]!;
      if (kind === 0) leb(); // function: type index
      else if (kind === 1) { p++; const f = b[p++]!; leb(); if (f & 1) leb(); } // table: reftype, limits
      else if (kind === 3) p += 2; // global: valtype, mutability
      else {
        const flagsAt = p;
        const flags = b[p++]!;
        const minPages = leb();
        const maxPages = flags & 1 ? leb() : 65536;
        return { flagsAt, minPages, maxPages };
      }
    }
    break;
  }
  throw new Error('nabla internal: the kernels module imports no memory');
}
