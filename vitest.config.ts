import { defineConfig } from 'vitest/config';

// Tests import the packages' TypeScript sources through the "@nabla/source" export condition (scoped to
// this project so it never matches a user's own condition), so no build is needed before testing; the JSON
// report is what .ci/run counts. NABLA_BACKEND=cpu runs the suite again on the TypeScript kernels (the default
// is the wasm backend), with its own report file.
const backend = process.env['NABLA_BACKEND'];

export default defineConfig({
  resolve: { conditions: ['@nabla/source'] },
  ssr: { resolve: { conditions: ['@nabla/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts', 'docs/playground/**/*.test.ts', 'docs/*.test.ts', 'packaging/*.test.ts', 'typecheck.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', ['json', { outputFile: backend === 'cpu' ? '.vitest-results-cpu.json' : '.vitest-results.json' }]],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
