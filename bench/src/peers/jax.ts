/**
 * jax-js on its wasm device. In Node 20 there is no global `Worker`, so jax-js runs its wasm kernels on the
 * main thread: single-threaded, like every engine here.
 */
import type * as JAX from '@jax-js/jax';

/** The jax-js module. */
export type Jax = typeof JAX;

let loaded: Promise<Jax> | undefined;

async function load(): Promise<Jax> {
  const jax = await import('@jax-js/jax');
  const devices = await jax.init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js: wasm device unavailable (got ${devices.join(', ')})`);
  jax.defaultDevice('wasm');
  return jax;
}

/** jax-js with the wasm device as default (initialised on first use). */
export function useJax(): Promise<Jax> {
  loaded ??= load();
  return loaded;
}

/** What the bench knows about jax-js's threading, for results.json. */
export function jaxInfo(): Record<string, string> {
  return { version: '0.1.25', device: 'wasm', threads: typeof (globalThis as { Worker?: unknown }).Worker === 'undefined' ? '1 (no Worker in Node)' : 'Worker available: may be multi-threaded' };
}
