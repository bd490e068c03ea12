import { defaultClientConditions, defineConfig } from 'vite';

// The workspace packages are bundled from their TypeScript sources (the "@nabla/source" export condition, as in
// the root vitest.config.ts), so the playground needs no build of @nabla/* first.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  resolve: { conditions: ['@nabla/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
