/**
 * `pnpm example NAME` runs examples/NAME/main.ts. With no NAME, or an unknown one, it lists the examples
 * (the folders here holding a main.ts) and exits with status 1.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = new URL('./', import.meta.url);
const available = readdirSync(fileURLToPath(here), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(fileURLToPath(new URL(`./${d.name}/main.ts`, here))))
  .map((d) => d.name)
  .sort();

const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  const problem = name === undefined ? 'missing example name' : `unknown example ${JSON.stringify(name)}`;
  console.error(`pnpm example: ${problem}. Usage: pnpm example NAME, where NAME is one of: ${available.join(', ')}`);
  process.exit(1);
}

await import(new URL(`./${name}/main.ts`, import.meta.url).href);
