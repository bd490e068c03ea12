// The entry point of nabla's WebAssembly kernels: everything exported here is callable from
// packages/autograd/src/backend/wasm. Memory is managed by the TypeScript side (a workspace above heapBase).
export * from './elementwise';
export * from './unary';
export { setThreadScratch, threadScratchBytes } from './strided';
export * from './gemm';
export * from './conv';
export * from './reduce';
export * from './argreduce';
export * from './softmax';
export * from './shape';
export * from './attention';
export * from './sort';
export * from './linalg';
export * from './update';

/** First free byte after the module's static data: the workspace starts here. */
export function heapBase(): usize {
  return __heap_base;
}
