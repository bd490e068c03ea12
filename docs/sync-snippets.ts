/**
 * Keeps the code in the guides identical to tested files. A guide marks where code goes:
 *
 *   <!-- snippet: snippets/broadcast.ts#sum-back -->   a ```ts block with that file (or its `#region sum-back` parts)
 *   <!-- /snippet -->
 *   <!-- output: snippets/broadcast.ts#sumBack -->     a ```text block with what the file's exported function
 *   <!-- /output -->                                  `sumBack()` prints (`main()` when no #name is given)
 *
 * and this script rewrites everything between each pair of markers from the files. `docs.test.ts` fails when a
 * guide is out of date, so shown code and shown output can never drift from code that runs.
 *
 *   pnpm --filter @nabla/docs sync            rewrite docs/*.md in place
 *   pnpm --filter @nabla/docs sync --check    exit 1 if any guide would change
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

/** The folder holding the guides; marker paths are relative to it. */
export const DOCS_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * The guides: every Markdown file directly in docs/ (the playground keeps its own README), the repository
 * README and the packages' READMEs (their npm pages).
 */
export function guideFiles(): string[] {
  const guides = readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).sort().map((f) => join(DOCS_DIR, f));
  const packages = ['autograd', 'nn', 'optim'].map((p) => join(DOCS_DIR, '..', 'packages', p, 'README.md'));
  return [...guides, join(DOCS_DIR, '..', 'README.md'), ...packages];
}

/** The runnable snippets: every .ts file in docs/snippets/. */
export function snippetFiles(): string[] {
  const dir = join(DOCS_DIR, 'snippets');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => join(dir, f));
}

const REGION_START = /^\s*\/\/ #region\b\s*(\S*)\s*$/;
const REGION_END = /^\s*\/\/ #endregion\b.*$/;

/** Removes the indentation common to every non-blank line. */
export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut));
}

/** Drops blank lines at the start and end of a part. */
function trimBlank(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

/**
 * The text of a source file as a guide shows it. Without a region: the whole file, minus region markers.
 * With one: every `// #region NAME` ... `// #endregion` part of that name, each dedented, joined by a blank
 * line (so the imports at the top and a few lines inside `main()` can form one listing, as mdBook anchors do).
 */
export function extractRegion(source: string, region?: string, where = 'source'): string {
  const lines = source.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  if (region === undefined) return lines.filter((l) => !REGION_START.test(l) && !REGION_END.test(l)).join('\n');
  const parts: string[][] = [];
  let open: { name: string; lines: string[] }[] = [];
  for (const line of lines) {
    const start = REGION_START.exec(line);
    if (start) {
      open.push({ name: start[1]!, lines: [] });
      continue;
    }
    if (REGION_END.test(line)) {
      const done = open.pop();
      if (done === undefined) throw new Error(`${where}: '// #endregion' without a matching '// #region'`);
      if (done.name === region) parts.push(done.lines);
      continue;
    }
    for (const o of open) o.lines.push(line);
  }
  if (open.length > 0) throw new Error(`${where}: region '${open[open.length - 1]!.name}' is never closed`);
  if (parts.length === 0) throw new Error(`${where}: no region named '${region}'`);
  return parts.map((p) => dedent(trimBlank(p)).join('\n')).join('\n\n');
}

/** What `syncMarkdown` needs from the outside world, so tests can give it fakes. */
export interface SyncIO {
  /** The contents of a file, by path relative to the guide's folder. */
  read(path: string): string;
  /** What the snippet's exported function `name` prints, by path relative to the guide's folder. */
  output(path: string, name: string): Promise<string>;
}

const LANG: Record<string, string> = { '.ts': 'ts', '.py': 'python', '.json': 'json', '.sh': 'sh', '.dot': 'dot' };
const BLOCK = /(<!-- (snippet|output): ([^\s#]+)(?:#(\S+))? -->\n)[\s\S]*?(<!-- \/\2 -->)/g;

/** A fenced block whose fence is longer than any backtick run inside (so code holding ``` stays intact). */
function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body.replace(/\n+$/, '')}\n${f}\n`;
}

/** The guide with every marked block rewritten from its file; `where` names the guide in errors. */
export async function syncMarkdown(md: string, io: SyncIO, where = 'guide'): Promise<string> {
  const jobs: Promise<string>[] = [];
  md.replace(BLOCK, (_all, open: string, kind: string, path: string, region: string | undefined, close: string) => {
    const label = `${where}: ${kind} ${path}${region ? `#${region}` : ''}`;
    jobs.push(
      kind === 'snippet'
        ? Promise.resolve(`${open}${fence(LANG[extname(path)] ?? 'text', extractRegion(io.read(path), region, label))}${close}`)
        : io.output(path, region ?? 'main').then((out) => `${open}${fence('text', out)}${close}`),
    );
    return '';
  });
  const blocks = await Promise.all(jobs);
  let i = 0;
  return md.replace(BLOCK, () => blocks[i++]!);
}

/** A snippet module: it exports `main()` (which runs everything) and maybe smaller parts, all printing with console.log. */
type Runnable = Record<string, unknown>;

const outputs = new Map<string, Promise<string>>();
// Runs one snippet at a time: console.log is swapped while a snippet runs, so two must never overlap.
let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` with console.log captured and returns the printed lines. */
async function captured(fn: () => unknown): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(format(...args));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

/**
 * Imports a snippet and runs its exported function `name` (default `main`; it may be async) with console.log
 * captured, returning what it printed. Memoised: each function runs once per process. Throws if there is no
 * such function or it throws.
 */
export function runSnippet(file: string, name = 'main'): Promise<string> {
  const abs = resolve(DOCS_DIR, file);
  const key = `${abs}#${name}`;
  let p = outputs.get(key);
  if (p === undefined) {
    p = queue.then(async () => {
      const mod = (await import(pathToFileURL(abs).href)) as Runnable;
      const fn = mod[name];
      if (typeof fn !== 'function') throw new Error(`${file}: a snippet must export a function ${name}()`);
      return captured(fn as () => unknown);
    });
    queue = p.catch(() => undefined);
    outputs.set(key, p);
  }
  return p;
}

/** The real file system and snippet runner, relative to docs/. */
export const fileIO: SyncIO = {
  read: (path) => readFileSync(resolve(DOCS_DIR, path), 'utf8'),
  output: (path, name) => runSnippet(path, name),
};

/** Rewrites every guide; returns the ones that changed (with `check`, changes nothing and only reports). */
export async function syncAll({ check = false } = {}): Promise<string[]> {
  const changed: string[] = [];
  for (const file of guideFiles()) {
    const md = readFileSync(file, 'utf8');
    const next = await syncMarkdown(md, fileIO, file);
    if (next === md) continue;
    changed.push(file);
    if (!check) writeFileSync(file, next);
  }
  return changed;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const changed = await syncAll({ check });
  for (const f of changed) console.log(`${check ? 'out of date' : 'updated'}: ${f}`);
  if (check && changed.length > 0) process.exit(1);
}
