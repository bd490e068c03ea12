import { ValueError, describe } from '../errors.js';
import type { Backend } from './backend.js';
import { cpuBackend } from './cpu/index.js';
import { kernelsSync, loadKernels } from './wasm/instance.js';
import { wasmBackend } from './wasm/index.js';

/** The backends `setBackend` knows by name. */
export type BackendName = 'cpu' | 'wasm';

// The WebAssembly SIMD kernels are the default wherever they load synchronously (Node, workers). A browser's
// main thread must compile the module asynchronously: it starts on 'cpu' and switches to 'wasm' when the
// module is ready, unless the user picked a backend first; `await ready()` waits for that.
let current: Backend | null = null;
let chosenByUser = false;
let loading: Promise<void> | null = null;

// Chosen on first use rather than at import, so no import order can see the kernels half-initialised.
function settle(): Backend {
  if (current !== null) return current;
  current = kernelsSync() !== null ? wasmBackend : cpuBackend;
  loading =
    current === wasmBackend
      ? Promise.resolve()
      : loadKernels().then((k) => {
          if (k !== null && !chosenByUser) current = wasmBackend;
        });
  return current;
}

/** The backend whose kernels primitives call: 'wasm' by default where WebAssembly SIMD is available, else 'cpu'. */
export function getBackend(): Backend {
  return current ?? settle();
}

/**
 * Resolves once the default backend is settled: in a browser, when the wasm kernels have compiled. In Node
 * it is already settled at import.
 *
 * @example
 * await ready();
 * getBackend().name; // 'wasm'
 */
export function ready(): Promise<void> {
  settle();
  return loading!;
}

/**
 * Replaces the kernels behind every primitive and returns the previous backend. Pass 'cpu' (the TypeScript
 * reference kernels), 'wasm' (WebAssembly SIMD; falls back to 'cpu' silently where SIMD is missing) or any
 * object implementing `Backend`. Tensors made under one backend keep working under another: their bytes live
 * on the JavaScript heap either way.
 *
 * @example
 * setBackend('cpu');
 * tensor([1, 2]).add(1); // runs the TypeScript kernels
 */
export function setBackend(b: Backend | BackendName): Backend {
  const previous = getBackend();
  if (b === 'cpu') current = cpuBackend;
  else if (b === 'wasm') current = kernelsSync() !== null ? wasmBackend : cpuBackend;
  else if (typeof b === 'object' && b !== null && typeof (b as Backend).matmul === 'function') current = b;
  else throw new ValueError(`setBackend: expected 'cpu', 'wasm' or a Backend object, got ${describe(b)}`);
  chosenByUser = true;
  return previous;
}
