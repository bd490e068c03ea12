/**
 * `pnpm bench`: runs the workloads on nabla and its peers in this process, prints a Markdown table of
 * medians (min-max) and ratios, and writes bench/results.json.
 *
 *   pnpm bench [--workloads W1,W5,MEM] [--peers tfjs-cpu,tfjs-wasm,jax,micrograd] [--quick] [--runs N] [--out file]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKLOAD_IDS, defaultOptions, runBench, type BenchOptions } from './bench.js';
import { ALL_PEERS, type PeerId } from './runner.js';
import { fmt, formatMemory, formatTable } from './table.js';

const USAGE = `usage: pnpm bench [--workloads ${WORKLOAD_IDS.join(',')}] [--peers ${ALL_PEERS.join(',')}] [--quick] [--runs N] [--out file]
  --quick   tiny sizes, 2 timed runs: proves the bench works (CI), says nothing about speed
  --runs N  timed runs per figure after warm-up (default 10; at least 10 unless --quick)`;

function list<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): readonly T[] {
  if (value === undefined) return allowed;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length > 0 || items.length === 0) throw new Error(`--${flag}: unknown ${bad.join(', ') || '(empty)'}; expected some of ${allowed.join(',')}`);
  return items as T[];
}

/** Options from the command line; throws on unknown workloads or peers and on a bad --runs. */
export function parseCli(argv: readonly string[]): BenchOptions & { out: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      workloads: { type: 'string' }, peers: { type: 'string' }, quick: { type: 'boolean', default: false },
      runs: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const opts = defaultOptions(values.quick);
  if (values.runs !== undefined) {
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got '${values.runs}'`);
    if (!values.quick && runs < 10) console.error(`note: --runs ${runs} is below the 10 runs a reported figure needs`);
    opts.runs = runs;
  }
  return {
    ...opts,
    workloads: list('workloads', values.workloads?.toUpperCase(), WORKLOAD_IDS),
    peers: list<PeerId>('peers', values.peers, ALL_PEERS),
    out: values.out ?? fileURLToPath(new URL('../results.json', import.meta.url)),
  };
}

async function main(): Promise<void> {
  let opts: BenchOptions & { out: string };
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exit(2);
  }
  opts.onEntry = (e) => {
    const figure = e.status === 'ok' ? `${fmt(e.median)} ${e.unit}` : `n/a: ${e.reason}`;
    console.error(`  ${e.workload} ${e.case} ${e.engine}: ${figure}`);
  };
  console.error(`nabla bench${opts.quick ? ' (quick)' : ''}: ${opts.workloads.join(',')} vs ${opts.peers.join(',')}, ${opts.runs} runs after ${opts.warmup} warm-up`);
  const report = await runBench(opts);
  const titles = report.meta.titles as Record<string, string>;
  console.log(formatTable(report.results, titles));
  if (report.memory) console.log(`\n${formatMemory(report.memory)}`);
  console.log(`\nMedian of ${opts.runs} timed runs after ${opts.warmup} warm-up, single thread; ${report.meta.ratio as string}.`);
  const threads = report.meta.threads as { tfjs: Record<string, unknown>; jax: Record<string, unknown> };
  console.log(`Threads: nabla 1; tfjs-wasm ${String(threads.tfjs.wasmBuild)}, threads ${String(threads.tfjs.wasmThreads)}; jax-js wasm ${String(threads.jax.threads)}.`);
  console.log(`Load average ${(report.meta.loadavgStart as number[]).join(' ')} at start (${report.meta.cpuCount as number} CPUs): a shared machine makes figures noisy.`);
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`wrote ${opts.out}`);
}

await main();
