/**
 * The typecheck as a test: every TypeScript project of the repository (the same list as `pnpm typecheck`),
 * so `pnpm test` reports type errors next to the test results instead of stopping before the first test, and
 * still fails on any type error anywhere (packages, examples, bench, docs, the playground).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

// The projects are read from the `typecheck` script (`tsc -p A && tsc -p B --noEmit && ...`), so the two never drift.
const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['typecheck'] ?? '';
const PROJECTS: [string, string[]][] = script.split('&&').map((cmd) => {
  const [bin, ...args] = cmd.trim().split(/\s+/);
  if (bin !== 'tsc' || args[0] !== '-p' || args[1] === undefined) throw new Error(`typecheck script: expected 'tsc -p PROJECT ...', got '${cmd.trim()}'`);
  return [args[1], args];
});

describe('typecheck', () => {
  it('covers the package sources and tests, examples, bench, docs and the playground', () => {
    expect(PROJECTS.map(([p]) => p)).toEqual(expect.arrayContaining(['tsconfig.json', 'packages/autograd', 'packages/nn', 'packages/optim', 'docs/playground']));
  });

  it.each(PROJECTS)('%s has no type errors', (_name, args) => {
    const r = spawnSync(TSC, args, { cwd: ROOT, encoding: 'utf8' });
    const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors).toEqual([]);
    expect(r.status, `tsc ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`).toBe(0);
  });
});
