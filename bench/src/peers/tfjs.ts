/**
 * TensorFlow.js 4.22 on its two CPU backends. The wasm binaries are loaded from node_modules by file path
 * (no network); the wasm backend is pinned to its single-threaded SIMD build.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import { registerTfGradients } from './tfjs-gradients.js';

/** The tfjs-core module. */
export type Tf = typeof TF;
export type TfBackend = 'cpu' | 'wasm';

let loaded: Promise<Tf> | undefined;
let wasmThreads: number | undefined;

async function load(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await registerTfGradients();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Single thread, as for every engine here: refuse the threaded build before the backend initialises.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${dirname(entry)}/`);
  wasm.setThreadsCount(1);
  tf.env().set('PROD', true);
  return tf;
}

/** The tfjs module with `backend` active (loaded and initialised on first use). */
export async function useTf(backend: TfBackend): Promise<Tf> {
  loaded ??= load();
  const tf = await loaded;
  if (tf.getBackend() !== backend) {
    // The cpu backend greets Node users on the console once; the advice (tfjs-node) is not a peer here.
    const warn = console.warn;
    console.warn = () => {};
    try {
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
      await tf.ready();
    } finally {
      console.warn = warn;
    }
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasmThreads = wasm.getThreadsCount();
    }
  }
  return tf;
}

/** What the bench knows about tfjs's threading, for results.json. */
export function tfInfo(): Record<string, string | number> {
  return { version: '4.22.0 (tfjs-core + backend-cpu + backend-wasm)', wasmBuild: 'simd, non-threaded', wasmThreads: wasmThreads ?? 'not initialised' };
}
