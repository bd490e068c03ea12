import type { Backend } from './backend.js';
import { cpuBackend } from './cpu/index.js';

let current: Backend = cpuBackend;

/** The backend whose kernels primitives call (the TypeScript CPU kernels unless replaced). */
export function getBackend(): Backend {
  return current;
}

/** Replaces the kernels behind every primitive, e.g. with a WASM backend; returns the previous one. */
export function setBackend(b: Backend): Backend {
  const previous = current;
  current = b;
  return previous;
}
