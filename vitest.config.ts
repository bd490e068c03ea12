import { defineConfig } from 'vitest/config';

// Tests import the packages' TypeScript sources through the "source" export condition, so no build is
// needed before testing; the JSON report is what .ci/run counts.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts', 'docs/playground/**/*.test.ts', 'docs/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
