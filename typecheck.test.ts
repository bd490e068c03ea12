/**
 * The typecheck as a test: every TypeScript project of the repository (the same list as `pnpm typecheck`),
 * so `pnpm test` reports type errors next to the test results instead of stopping before the first test, and
 * still fails on any type error anywhere (packages, examples, bench, docs, the playground).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

const PROJECTS: [string, string[]][] = [
  ['tsconfig.json (package sources and tests, examples, bench, docs)', ['-p', 'tsconfig.json']],
  ['packages/autograd', ['-p', 'packages/autograd', '--noEmit']],
  ['packages/nn', ['-p', 'packages/nn', '--noEmit']],
  ['packages/optim', ['-p', 'packages/optim', '--noEmit']],
  ['docs/playground', ['-p', 'docs/playground']],
];

describe('typecheck', () => {
  it.each(PROJECTS)('%s has no type errors', (_name, args) => {
    const r = spawnSync(TSC, args, { cwd: ROOT, encoding: 'utf8' });
    const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors).toEqual([]);
    expect(r.status, `tsc ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`).toBe(0);
  });
});
