/**
 * What a user gets from npm: packs the three packages with `pnpm pack` (which builds them first), installs the
 * tarballs into a fresh project outside the workspace, then runs an ESM training script and a CommonJS
 * `require()` consumer, typechecks a strict TypeScript consumer (skipLibCheck off, node16 and bundler
 * resolution), and lints the tarballs with publint and arethetypeswrong. fast-check is installed only for the
 * last test, so everything before it proves that `@nabla/autograd/testing` works without it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES = ['autograd', 'nn', 'optim'] as const;
const BIN = join(ROOT, 'node_modules', '.bin');
const version = (JSON.parse(readFileSync(join(ROOT, 'packages/autograd/package.json'), 'utf8')) as { version: string }).version;
const rootDevDeps = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;

let tmp = '';
let app = '';
const tarball = (p: string): string => join(tmp, `nabla-${p}-${version}.tgz`);
const installed = (p: string): string => join(app, 'node_modules', '@nabla', p);

/** Runs a command; on failure, the error carries its full output. */
function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Typechecks the consumer with the workspace's TypeScript under the given compiler options. */
function typecheck(name: string, files: string[], compilerOptions: Record<string, unknown>): void {
  const base = { strict: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true, target: 'es2022', lib: ['es2022'], types: [] };
  writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, files }, null, 2));
  run(join(BIN, 'tsc'), ['-p', `tsconfig.${name}.json`], app);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'nabla-packaging-'));
  if (!relative(ROOT, tmp).startsWith('..')) throw new Error(`temporary project ${tmp} is inside the workspace`);
  for (const p of PACKAGES) run('pnpm', ['pack', '--pack-destination', tmp], join(ROOT, 'packages', p));
  app = join(tmp, 'app');
  mkdirSync(app);
  cpSync(join(import.meta.dirname, 'consumer'), app, { recursive: true });
  const dependencies = Object.fromEntries(PACKAGES.map((p) => [`@nabla/${p}`, `file:${tarball(p)}`]));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
}, 300_000);

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it.each(PACKAGES)('@nabla/%s ships LICENSE, README, declaration maps with their sources, and no test files', (p) => {
    const dir = installed(p);
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 the nabla authors');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`# @nabla/${p}`);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => /\.test\.|test-utils|ops\/table/.test(f))).toEqual([]);
    const map = JSON.parse(readFileSync(join(dir, 'dist', 'index.d.ts.map'), 'utf8')) as { sources: string[] };
    for (const src of map.sources) expect(existsSync(resolve(dir, 'dist', src)), `${src} of dist/index.d.ts.map`).toBe(true);
  });

  it('keep @nabla/autograd a peer of nn and optim, with no workspace: protocol left and no scoped-out condition', () => {
    for (const p of PACKAGES) {
      const text = readFileSync(join(installed(p), 'package.json'), 'utf8');
      expect(text).not.toContain('workspace:');
      expect(text).not.toMatch(/"source"/);
      const pkg = JSON.parse(text) as { peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
      expect(pkg.dependencies ?? {}).toEqual({});
      if (p !== 'autograd') expect(pkg.peerDependencies).toEqual({ '@nabla/autograd': `^${version}` });
    }
    // One copy: nn and optim resolve the top-level @nabla/autograd, none nested under them.
    for (const p of ['nn', 'optim']) expect(existsSync(join(installed(p), 'node_modules'))).toBe(false);
  });

  it.each(PACKAGES)('@nabla/%s passes publint --strict', (p) => {
    expect(run(join(BIN, 'publint'), [tarball(p), '--strict'], tmp)).toContain('All good');
  });

  // One rule is ignored: a require() that resolves to the ESM build, which is what require(esm) loads (tested
  // below) and arethetypeswrong's bundled TypeScript (5.6) does not model yet.
  it.each(PACKAGES)('@nabla/%s passes arethetypeswrong under node10, node16 (CJS and ESM) and bundler resolution', (p) => {
    // attw exits 1 on any other problem; every entry point must resolve, with types, under all four.
    const out = run(join(BIN, 'attw'), [tarball(p), '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii', '--no-color'], tmp);
    const lines = out.split('\n').filter((l) => /^(node10|node16 \(from CJS\)|node16 \(from ESM\)|bundler): /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(8); // four resolutions for the entry point and package.json at least
    expect(lines.filter((l) => !l.includes('🟢'))).toEqual([]);
  });
});

describe('a fresh project with the tarballs installed (no fast-check)', () => {
  it('does not have fast-check', () => {
    expect(existsSync(join(app, 'node_modules', 'fast-check'))).toBe(false);
  });

  it('trains a model from plain ESM JavaScript, with gradcheck from @nabla/autograd/testing', () => {
    const result = JSON.parse(run(process.execPath, ['train.mjs'], app)) as Record<string, unknown>;
    expect(result).toMatchObject({ outputIsTensor: true, noGradReachesNn: true, gradcheck: true });
    expect(result['last']).toBeLessThan((result['first'] as number) / 20);
  });

  it('names a Tensor from a second loaded copy of @nabla/autograd when one reaches @nabla/nn', () => {
    cpSync(join(installed('autograd'), 'dist'), join(app, 'second-copy'), { recursive: true });
    const result = JSON.parse(run(process.execPath, ['two-copies.mjs'], app)) as { name: string; message: string };
    expect(result.name).toBe('ValueError');
    expect(result.message).toMatch(/^Linear\(inFeatures=2, outFeatures=1\): x must be a Tensor, got a Tensor from another copy of @nabla\/autograd: two copies of the library are loaded/);
  });

  const requireEsm = (process.features as { require_module?: boolean }).require_module === true;
  it.runIf(requireEsm)(`loads every package with require() (require(esm), Node ${process.version})`, () => {
    const result = JSON.parse(run(process.execPath, ['require.cjs'], app)) as { before: number; after: number; gradcheck: boolean };
    expect(result.gradcheck).toBe(true);
    expect(result.after).toBeLessThan(result.before);
  });

  it('typechecks a strict consumer with skipLibCheck off under node16 resolution', () => {
    typecheck('node16', ['consumer.ts'], { module: 'node16', moduleResolution: 'node16' });
  });

  it('typechecks it under bundler resolution, with a consumer condition named "source" that must not pick our sources', () => {
    typecheck('bundler', ['consumer.ts'], { module: 'esnext', moduleResolution: 'bundler', customConditions: ['source'] });
  });
});

describe('with fast-check installed', () => {
  it('@nabla/autograd/testing/arbitraries typechecks and runs', () => {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `fast-check@${rootDevDeps['fast-check']}`], app);
    typecheck('arbitraries', ['arbitraries.ts'], { module: 'node16', moduleResolution: 'node16' });
    execFileSync(join(BIN, 'tsc'), ['-p', 'tsconfig.arbitraries.json', '--noEmit', 'false', '--outDir', 'out'], { cwd: app });
    run(process.execPath, ['out/arbitraries.js'], app);
  }, 180_000);
});
