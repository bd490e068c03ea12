/**
 * Command-line options shared by every example: `--quick` (few steps, for CI), `--steps N`, `--seed N` and
 * `--out DIR` (default examples/NAME/out/, which git ignores).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseNodeArgs } from 'node:util';

/** The parsed options of one example run. */
export interface ExampleArgs {
  /** Few steps and no progress bar: what the tests and CI run. */
  quick: boolean;
  /** Training steps asked for on the command line, or undefined to use the example's own default. */
  steps: number | undefined;
  /** Random seed; default 0. */
  seed: number;
  /** Absolute directory for output files (SVG charts, weights). */
  out: string;
}

/** The examples/ folder, so paths do not depend on the working directory. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../', import.meta.url));

function integer(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return n;
}

/** The usage line printed for bad flags. */
export const USAGE = 'flags: --quick (few steps), --steps N, --seed N, --out DIR';

/**
 * Parses an example's flags. `argv` defaults to the process arguments; bare words (such as the example
 * name that `pnpm example NAME` passes along) and a lone `--` are ignored. Bad or unknown flags throw, or,
 * when reading the process arguments, print the problem and the usage and exit with status 2.
 * @example
 * parseArgs('moons', ['--quick', '--seed', '3']); // { quick: true, steps: undefined, seed: 3, out: '.../examples/moons/out' }
 */
export function parseArgs(name: string, argv?: readonly string[]): ExampleArgs {
  if (argv !== undefined) return parse(name, argv);
  try {
    return parse(name, process.argv.slice(2));
  } catch (e) {
    console.error(`pnpm example ${name}: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exit(2);
  }
}

function parse(name: string, argv: readonly string[]): ExampleArgs {
  const { values } = parseNodeArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      steps: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
  });
  return {
    quick: values.quick ?? false,
    steps: integer('--steps', values.steps, 1),
    seed: integer('--seed', values.seed, 0) ?? 0,
    out: values.out !== undefined ? resolve(values.out) : resolve(EXAMPLES_DIR, name, 'out'),
  };
}
