/**
 * Keeps the guides honest: (a) every code and output block between snippet markers matches its file,
 * (b) every snippet runs without throwing, (c) every relative link points to an existing file, and the
 * committed figures match the graphs the snippets build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIGURES, figurePath } from './figures/render.js';
import { relativeLinks } from './links.js';
import { DOCS_DIR, extractRegion, fileIO, guideFiles, runSnippet, snippetFiles, syncMarkdown, type SyncIO } from './sync-snippets.js';

const guides = guideFiles();
const snippets = snippetFiles();
const name = (f: string) => relative(DOCS_DIR, f);

describe('the sync machinery', () => {
  const source = ['import { a } from "a";', '// #region show', 'const x = 1;', '// #endregion', 'function f() {', '  // #region show', '  return x;', '  // #endregion show', '}'].join('\n');

  it('joins every part of a region, each dedented, and drops markers from whole-file listings', () => {
    expect(extractRegion(source, 'show')).toBe('const x = 1;\n\nreturn x;');
    expect(extractRegion(source)).toBe('import { a } from "a";\nconst x = 1;\nfunction f() {\n  return x;\n}');
  });

  it('names the missing or unclosed region', () => {
    expect(() => extractRegion(source, 'nope', 'x.ts')).toThrow("x.ts: no region named 'nope'");
    expect(() => extractRegion('// #region a\nx', 'a', 'x.ts')).toThrow("x.ts: region 'a' is never closed");
  });

  it('rewrites a stale block and leaves text outside the markers alone', async () => {
    const io: SyncIO = { read: () => source, output: async (_p, fn) => `ran ${fn}` };
    const stale = 'intro\n<!-- snippet: s.ts#show -->\n```ts\nold\n```\n<!-- /snippet -->\n<!-- output: s.ts#part -->\n<!-- /output -->\nend\n';
    const fresh = await syncMarkdown(stale, io);
    expect(fresh).toBe('intro\n<!-- snippet: s.ts#show -->\n```ts\nconst x = 1;\n\nreturn x;\n```\n<!-- /snippet -->\n<!-- output: s.ts#part -->\n```text\nran part\n```\n<!-- /output -->\nend\n');
    expect(await syncMarkdown(fresh, io)).toBe(fresh);
  });

  it('finds relative links outside code, without fragments, and skips URLs and anchors', () => {
    const md = '[a](./x.md#top) [b](https://e.com) [c](#here) ![d](fig/p.svg "t")\n`[e](no.md)`\n```\n[f](no.md)\n```\n[g]: ../y.ts\n';
    expect(relativeLinks(md)).toEqual(['./x.md', 'fig/p.svg', '../y.ts']);
  });
});

describe('every snippet runs', () => {
  it.each(snippets.map(name))('%s', async (file) => {
    await expect(runSnippet(file)).resolves.toBeTypeOf('string');
  });
});

describe('every guide matches its snippet files and their output', () => {
  it.each(guides.map(name))('%s', async (file) => {
    const md = readFileSync(resolve(DOCS_DIR, file), 'utf8');
    const synced = await syncMarkdown(md, fileIO, file);
    // On failure: run `pnpm --filter @nabla/docs sync` and review the diff.
    expect(md).toBe(synced);
  });
});

describe('every relative link points to an existing file', () => {
  it.each(guides.map(name))('%s', (file) => {
    const from = dirname(resolve(DOCS_DIR, file));
    const missing = relativeLinks(readFileSync(resolve(DOCS_DIR, file), 'utf8')).filter((t) => !existsSync(resolve(from, t)));
    expect(missing).toEqual([]);
  });
});

describe('every figure matches the graph its snippet builds', () => {
  it.each(FIGURES.map((f) => f.name))('figures/%s', (fig) => {
    const { dot } = FIGURES.find((f) => f.name === fig)!;
    // On failure: run `pnpm --filter @nabla/docs figures` (needs Graphviz) and commit the .dot and .svg.
    expect(readFileSync(figurePath(fig, 'dot'), 'utf8')).toBe(dot());
    expect(readFileSync(figurePath(fig, 'svg'), 'utf8')).toContain('<svg');
  });
});
