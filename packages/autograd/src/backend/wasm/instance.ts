import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** A kernel export: every argument is an i32 (a byte address, a size or an op code). */
export type KernelFn = (...args: number[]) => number;

/** The instantiated kernels module: its memory and its exported functions by name. */
export interface WasmKernels {
  readonly memory: WebAssembly.Memory;
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

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** What the kernels import from JavaScript. */
const IMPORTS = { env: { pow: Math.pow } };

function wrap(instance: WebAssembly.Instance): WasmKernels {
  const ex = instance.exports as Record<string, unknown>;
  const fns: Record<string, KernelFn> = {};
  for (const [name, v] of Object.entries(ex)) if (typeof v === 'function') fns[name] = v as KernelFn;
  return { memory: ex['memory'] as WebAssembly.Memory, fns, heapBase: fns['heapBase']!() };
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
    kernels = wrap(new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64)), IMPORTS));
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
      : WebAssembly.instantiate(decodeBase64(KERNELS_WASM_BASE64), IMPORTS).then(
          ({ instance }) => (kernels ??= wrap(instance)),
          () => null,
        );
  }
  return pending;
}

/** The kernels (instantiating them synchronously if needed); the registry only selects wasm once they load. */
export function kernelsLoaded(): WasmKernels {
  const k = kernels ?? kernelsSync();
  if (k === null) throw new Error('nabla internal: wasm kernels used before they were loaded');
  return k;
}
