/**
 * `pnpm bench`: runs the workloads on nabla and its peers in this process, prints a Markdown table of
 * medians (min-max) and ratios, and writes bench/results.json.
 *
 *   pnpm bench [--workloads W1,W5,MEM] [--peers nabla-1t,nabla-cpu,tfjs-cpu,tfjs-wasm,jax,micrograd] [--quick] [--runs N]
 *              [--min-time MS] [--mem-steps N] [--out file]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKLOAD_IDS, defaultOptions, runBench, type BenchOptions } from './bench.js';
import { ALL_PEERS, type PeerId } from './runner.js';
import { fmt, formatDerived, formatMemory, formatTable } from './table.js';
import { formatTargets } from './targets.js';

const USAGE = `usage: pnpm bench [--workloads ${WORKLOAD_IDS.join(',')}] [--peers ${ALL_PEERS.join(',')}] [--quick] [--runs N] [--min-time MS] [--mem-steps N] [--out file]
  --quick        tiny sizes, 2 timed runs: proves the bench works (CI), says nothing about speed
  --runs N       timed runs per figure after warm-up (default 10; at least 10 unless --quick: threaded
                 figures on a 2-vCPU machine are noisy, so more runs give a steadier median)
  --min-time MS  then more runs until each figure has been timed for MS ms (default 1000; quick 0): load on a
                 shared machine comes and goes over seconds, longer than 10 runs of a fast step take
  --mem-steps N  W2 steps of the memory run on each backend (default 1000; quick 20)`;

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag}: expected a positive integer, got '${value}'`);
  return n;
}

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
      runs: { type: 'string' }, 'min-time': { type: 'string' }, 'mem-steps': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const opts = defaultOptions(values.quick);
  if (values['mem-steps'] !== undefined) opts.memSteps = positiveInt('mem-steps', values['mem-steps']);
  if (values['min-time'] !== undefined) opts.minTimeMs = values['min-time'] === '0' ? 0 : positiveInt('min-time', values['min-time']);
  if (values.runs !== undefined) {
    const runs = positiveInt('runs', values.runs);
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
  console.error(
    `nabla bench${opts.quick ? ' (quick)' : ''}: ${opts.workloads.join(',')} vs ${opts.peers.join(',')}, ` +
      `${opts.runs} runs (and ${opts.minTimeMs} ms) after ${opts.warmup} warm-up runs and ${opts.warmupMs} ms`,
  );
  const report = await runBench(opts);
  const { meta } = report;
  const threads = Object.entries(meta.threads).map(([e, n]) => `${e} ${n}`).join(', ');
  console.log(
    `${meta.date}, Node ${meta.node}, ${meta.cpu}: ${meta.cpuCount} CPUs, os.availableParallelism() ${meta.availableParallelism}; ` +
      `load average ${meta.loadavgStart.join(' ')} at start.`,
  );
  console.log(
    `Median of at least ${opts.runs} timed runs${opts.minTimeMs > 0 ? `, and of as many more as fill ${opts.minTimeMs} ms of timing per figure,` : ''} after ${opts.warmup} warm-up${opts.warmupMs > 0 ? ` runs and at least ${opts.warmupMs} ms of warm-up` : ''} (threaded figures on a 2-vCPU machine are noisy: ` +
      `a reported figure needs at least 10). Kernel threads per engine: ${threads} (the Threads column). ` +
      'nabla runs on its wasm backend with its default thread count (os.availableParallelism()), nabla-1t on the same ' +
      'backend with setNumThreads(1), nabla-cpu on its TypeScript kernels.\n',
  );
  console.log(formatTable(report.results, meta.titles));
  const derived = formatDerived(report.results);
  if (derived !== '') console.log(`\n${derived}`);
  if (report.targets.length > 0) console.log(`\n${formatTargets(report.targets)}`);
  if (report.memory) console.log(`\n${formatMemory(report.memory)}`);
  console.log(`\nRatios: ${meta.ratio}.`);
  const { tfjs, jax } = meta.threading;
  console.log(`Threads: ${meta.threading.nabla}; tfjs-wasm ${tfjs.wasmBuild}, threads ${tfjs.wasmThreads}; jax-js wasm ${jax.threads}.`);
  console.log('A shared machine makes figures noisy: compare engines only within one run.');
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`wrote ${opts.out}`);
}

await main();
