import { defaultClientConditions, defineConfig } from 'vite';

// The workspace packages are bundled from their TypeScript sources (the "@nabla/source" export condition, as in
// the root vitest.config.ts), so the playground needs no build of @nabla/* first.
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  resolve: { conditions: ['@nabla/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer available, so the wasm kernels can share
  // their memory with worker threads (setNumThreads); without it the page runs them on one thread.
  server: { host: '127.0.0.1', headers: ISOLATION },
  preview: { host: '127.0.0.1', headers: ISOLATION },
});
