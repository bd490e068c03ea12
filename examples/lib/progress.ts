/**
 * A training progress bar (cli-progress) showing the step, the latest metrics and the ETA, plus clean
 * Ctrl-C handling: the first SIGINT sets `stopRequested`, which training loops check after each step, so
 * the program finishes that step, prints and saves what it has, and exits 0; a second SIGINT quits at once.
 */
import cliProgress from 'cli-progress';

/** What a training loop needs from a progress reporter; pure training functions take one optionally. */
export interface StepReporter {
  /** True once the user pressed Ctrl-C: finish the current step and return what you have. */
  readonly stopRequested: boolean;
  /**
   * Records that `step` steps are done, with metrics to show (e.g. `{ loss }`). Await it: every ~15 ms it
   * yields to the event loop, which is the only moment Node can deliver a Ctrl-C to a busy loop.
   */
  update(step: number, metrics?: Record<string, number>): Promise<void>;
}

/** Options of `createProgress`. */
export interface ProgressOptions {
  /** Steps in the whole run. */
  total: number;
  /** Shown before the bar. */
  title?: string;
  /** Quick (CI) mode: no bar. */
  quick?: boolean;
  /** Force the bar on or off; by default on when stderr is a terminal and not in quick mode. */
  enabled?: boolean;
}

/** A `StepReporter` that owns a bar and a SIGINT listener; call `stop()` when training ends. */
export interface Progress extends StepReporter {
  /** Removes the bar and the SIGINT listener (safe to call twice). */
  stop(): void;
}

// Yield often: under `tsx`, whose parent process relays Ctrl-C, a child that has not handled the signal
// within 30 ms gets it a second time, and SIGKILL 30 ms later.
const YIELD_EVERY_MS = 15;
// A second SIGINT this soon after the first is that relayed copy, not the user pressing Ctrl-C again.
const SAME_PRESS_MS = 300;

function formatMetric(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3);
}

/**
 * Starts a progress bar (when enabled) and listens for Ctrl-C until `stop()`.
 * @example
 * const progress = createProgress({ total: steps, title: 'moons', quick: args.quick });
 * try { await train({ steps, progress }); } finally { progress.stop(); }
 */
export function createProgress(opts: ProgressOptions): Progress {
  const enabled = opts.enabled ?? (process.stderr.isTTY === true && opts.quick !== true);
  const title = opts.title === undefined ? '' : `${opts.title} `;
  const bar = enabled
    ? new cliProgress.SingleBar(
        { format: `${title}{bar} {percentage}% | step {value}/{total} | {metrics} | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(opts.total, 0, { metrics: '' });

  let stopRequested = false;
  let firstSigint = 0;
  let lastYield = performance.now();
  const onSigint = (): void => {
    if (stopRequested && performance.now() - firstSigint < SAME_PRESS_MS) return;
    if (stopRequested) {
      bar?.stop();
      process.exit(130); // a second Ctrl-C: the user does not want to wait for the step to end
    }
    stopRequested = true;
    firstSigint = performance.now();
    process.stderr.write('\nCtrl-C: stopping after this step (press again to quit now)\n');
  };
  process.on('SIGINT', onSigint);

  let stopped = false;
  return {
    get stopRequested() {
      return stopRequested;
    },
    async update(step, metrics = {}) {
      const shown = Object.entries(metrics).map(([k, v]) => `${k} ${formatMetric(v)}`).join(' ');
      bar?.update(step, { metrics: shown });
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar?.stop();
      process.off('SIGINT', onSigint);
    },
  };
}

/**
 * A view of `reporter` whose step numbers start after `offset`, for runs made of several trainings in a row
 * that share one bar (the second of three 1000-step fits reports steps 1001..2000).
 * @example await fit({ progress: offsetSteps(progress, i * steps) });
 */
export function offsetSteps(reporter: StepReporter | undefined, offset: number): StepReporter | undefined {
  if (reporter === undefined) return undefined;
  return {
    get stopRequested() {
      return reporter.stopRequested;
    },
    update: (step, metrics) => reporter.update(offset + step, metrics),
  };
}
