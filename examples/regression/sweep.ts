/**
 * The experiments the regression example prints: a straight line and a cubic recovered by unpenalised
 * fits, then a degree-8 polynomial fitted under L2, L1 and elastic-net penalties of growing strength.
 */
import { offsetSteps, type StepReporter } from '../lib/progress.js';
import { TRUE_COEFFICIENTS, makeData, polynomialFeatures, toCoefficients } from './data.js';
import { fitPenalised, type Fit } from './fit.js';

/** The penalty kinds compared, as (l1, l2) strengths for an overall strength lambda. */
export const PENALTIES = {
  L2: (lambda: number) => ({ l1: 0, l2: lambda }),
  L1: (lambda: number) => ({ l1: lambda, l2: 0 }),
  'elastic net': (lambda: number) => ({ l1: lambda / 2, l2: lambda / 2 }),
} as const;
/** 'L2', 'L1' or 'elastic net'. */
export type PenaltyKind = keyof typeof PENALTIES;

/** Strengths lambda swept in the tables. */
export const STRENGTHS = [0, 0.001, 0.01, 0.1, 1] as const;
/** The line y = -1 + 2x of the first experiment. */
export const LINE = [-1, 2] as const;
/** Degree of the polynomial features in the penalty tables. */
export const DEGREE = 8;

/** One fitted curve and the coefficients it recovered. */
export interface Recovery {
  truth: readonly number[];
  coefficients: number[];
  fit: Fit;
}

/** Everything `main.ts` prints. */
export interface SweepResult {
  line: Recovery;
  cubic: Recovery;
  /** For each penalty kind, one fit per strength in STRENGTHS (fewer if stopped by Ctrl-C). */
  tables: Record<PenaltyKind, Fit[]>;
  /** The same L1 strengths fitted by plain (sub)gradient descent on l1Penalty, for contrast. */
  subgradient: Fit[];
  /** Each true coefficient of x^k times the std of x^k: the weights a perfect fit on standardised features has. */
  trueWeights: number[];
}

/** Fits one unpenalised polynomial of the truth's degree and converts its weights back to coefficients. */
async function recover(truth: readonly number[], seed: number, steps: number, progress?: StepReporter): Promise<Recovery> {
  const f = polynomialFeatures(makeData({ seed, coefficients: truth }), truth.length - 1);
  const fit = await fitPenalised(f, { steps, progress });
  return { truth, coefficients: toCoefficients(fit.weight, fit.bias, f), fit };
}

/** Total gradient steps `runSweep` takes for a given steps-per-fit, for sizing a progress bar. */
export function sweepSteps(steps: number): number {
  return steps * (2 + STRENGTHS.length * (Object.keys(PENALTIES).length + 1));
}

/**
 * Runs every fit, each `steps` gradient steps long, on data drawn from `seed`.
 * @example (await runSweep({ steps: 1000 })).tables.L1.at(-1)!.weight; // mostly exact zeros
 */
export async function runSweep(opts: { seed?: number; steps: number; progress?: StepReporter }): Promise<SweepResult> {
  const { seed = 0, steps, progress } = opts;
  let done = 0;
  const next = (): StepReporter | undefined => offsetSteps(progress, (done++) * steps);
  const line = await recover(LINE, seed, steps, next());
  const cubic = await recover(TRUE_COEFFICIENTS, seed, steps, next());
  const features = polynomialFeatures(makeData({ seed }), DEGREE);
  const tables = { L2: [], L1: [], 'elastic net': [] } as Record<PenaltyKind, Fit[]>;
  const stopped = (): boolean => progress?.stopRequested === true; // after Ctrl-C, keep the rows done so far
  for (const kind of Object.keys(PENALTIES) as PenaltyKind[]) {
    for (const lambda of STRENGTHS) {
      if (!stopped()) tables[kind].push(await fitPenalised(features, { ...PENALTIES[kind](lambda), steps, progress: next() }));
    }
  }
  const subgradient: Fit[] = [];
  for (const lambda of STRENGTHS) {
    if (!stopped()) subgradient.push(await fitPenalised(features, { l1: lambda, steps, l1Method: 'subgradient', progress: next() }));
  }
  const trueWeights = features.std.map((s, k) => (TRUE_COEFFICIENTS[k + 1] ?? 0) * s);
  return { line, cubic, tables, subgradient, trueWeights };
}
