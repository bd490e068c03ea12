import { findMemoryImport, kernelBytes } from './module-bytes.js';

/** A kernel export: every argument is an i32 (a byte address, a size or an op code). */
export type KernelFn = (...args: number[]) => number;

/** The instantiated kernels module: its memory and its exported functions by name. */
export interface WasmKernels {
  readonly memory: WebAssembly.Memory;
  /** The compiled module, for worker threads to instantiate on the same (shared) memory. */
  readonly module: WebAssembly.Module;
  readonly fns: Readonly<Record<string, KernelFn>>;
  /** First byte after the module's static data. */
  readonly heapBase: number;
}

// A minimal module that uses one SIMD instruction (i32x4.splat): engines without 128-bit SIMD reject it.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 17, 11,
]);

/** True where WebAssembly with 128-bit SIMD is available (Node 20+, every current browser). */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/**
 * The module and a memory for it. The memory is shared (a SharedArrayBuffer that worker threads can run
 * kernels on) wherever the engine allows it: Node, and cross-origin-isolated pages. Elsewhere the module's
 * shared-memory import is patched to an unshared one before compiling, and everything runs on one thread.
 */
function prepare(): { bytes: Uint8Array<ArrayBuffer>; memory: WebAssembly.Memory } {
  const bytes = kernelBytes();
  const imp = findMemoryImport(bytes);
  const initial = Math.max(imp.minPages, 16);
  try {
    return { bytes, memory: new WebAssembly.Memory({ initial, maximum: imp.maxPages, shared: true }) };
  } catch {
    bytes[imp.flagsAt] = 0x01; // limits: a maximum, not shared
    return { bytes, memory: new WebAssembly.Memory({ initial, maximum: imp.maxPages }) };
  }
}

/** What the kernels import from JavaScript, besides their memory. */
export const jsImports = { pow: Math.pow };

function wrap(instance: WebAssembly.Instance, memory: WebAssembly.Memory, module: WebAssembly.Module): WasmKernels {
  const ex = instance.exports as Record<string, unknown>;
  const fns: Record<string, KernelFn> = {};
  for (const [name, v] of Object.entries(ex)) if (typeof v === 'function') fns[name] = v as KernelFn;
  return { memory, module, fns, heapBase: fns['heapBase']!() };
}

let kernels: WasmKernels | null = null;
let pending: Promise<WasmKernels | null> | null = null;

/**
 * The kernels, instantiated synchronously on first use where the engine allows it (Node, workers). Browsers
 * refuse synchronous compilation of large modules on the main thread; there this returns null until
 * `loadKernels()` has finished.
 */
export function kernelsSync(): WasmKernels | null {
  if (kernels !== null) return kernels;
  if (!simdSupported()) return null;
  try {
    const { bytes, memory } = prepare();
    const module = new WebAssembly.Module(bytes);
    kernels = wrap(new WebAssembly.Instance(module, { env: { ...jsImports, memory } }), memory, module);
  } catch {
    return null;
  }
  return kernels;
}

/** Instantiates the kernels asynchronously (allowed everywhere); resolves to null without SIMD. */
export function loadKernels(): Promise<WasmKernels | null> {
  if (kernels !== null) return Promise.resolve(kernels);
  if (pending === null) {
    pending = !simdSupported()
      ? Promise.resolve(null)
      : (async () => {
          const { bytes, memory } = prepare();
          const module = await WebAssembly.compile(bytes);
          const instance = await WebAssembly.instantiate(module, { env: { ...jsImports, memory } });
          return (kernels ??= wrap(instance, memory, module));
        })().catch(() => null);
  }
  return pending;
}

/** The kernels (instantiating them synchronously if needed); the registry only selects wasm once they load. */
export function kernelsLoaded(): WasmKernels {
  const k = kernels ?? kernelsSync();
  if (k === null) throw new Error('nabla internal: wasm kernels used before they were loaded');
  return k;
}
