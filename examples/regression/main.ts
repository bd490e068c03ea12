/**
 * `pnpm example regression`: linear and polynomial regression, then how L2, L1 and elastic-net penalties
 * shrink the weights of a degree-8 polynomial fit, with L1 (by proximal gradient descent) giving exact zeros.
 */
import { parseArgs } from '../lib/args.js';
import { createProgress } from '../lib/progress.js';
import { DEGREE, LINE, PENALTIES, STRENGTHS, runSweep, sweepSteps, type PenaltyKind, type Recovery } from './sweep.js';
import type { Fit } from './fit.js';

const args = parseArgs('regression');
const steps = args.steps ?? (args.quick ? 1000 : 20000);
// Exact zeros print as 0 and tiny non-zeros in exponent form, so the two can never be confused.
const num = (v: number, width = 7): string => (v === 0 ? '0' : Math.abs(v) < 5e-4 ? v.toExponential(0) : v.toFixed(3)).padStart(width);
const norm = (w: readonly number[]): number => Math.hypot(...w);

function showRecovery(title: string, r: Recovery): void {
  console.log(title);
  console.log(`  true coefficients    ${r.truth.map((v) => num(v)).join(' ')}`);
  console.log(`  learned coefficients ${r.coefficients.map((v) => num(v)).join(' ')}   (training MSE ${r.fit.mse.toFixed(4)})\n`);
}

function showTable(title: string, fits: readonly Fit[], trueWeights?: readonly number[]): void {
  console.log(title);
  const head = Array.from({ length: DEGREE }, (_, k) => `w_x^${k + 1}`.padStart(7)).join(' ');
  console.log(`  ${'lambda'.padStart(7)} | ${head} | ${'||w||2'.padStart(6)} zeros    MSE`);
  if (trueWeights) console.log(`  ${'(truth)'.padStart(7)} | ${trueWeights.map((v) => num(v)).join(' ')} | ${norm(trueWeights).toFixed(3)}`);
  fits.forEach((fit, i) => {
    const zeros = fit.weight.filter((w) => w === 0).length;
    console.log(`  ${String(STRENGTHS[i]).padStart(7)} | ${fit.weight.map((v) => num(v)).join(' ')} | ${norm(fit.weight).toFixed(3)}  ${String(zeros).padStart(5)} ${fit.mse.toFixed(4)}`);
  });
  console.log('');
}

const t0 = performance.now();
console.log(`Regression with penalties: full-batch gradient descent, ${steps} steps per fit, seed ${args.seed}\n`);
const progress = createProgress({ total: sweepSteps(steps), title: 'regression', quick: args.quick });
const result = await runSweep({ seed: args.seed, steps, progress }).finally(() => progress.stop());
if (progress.stopRequested) console.log('Stopped by Ctrl-C: showing the fits finished so far.\n');

showRecovery(`1) Linear regression: y = ${LINE[0]} + ${LINE[1]}x + noise (50 points, noise sd 0.1)`, result.line);
showRecovery('2) Polynomial regression on x, x^2, x^3: y = 0.5 + x - 2x^2 + 1.5x^3 + noise', result.cubic);
console.log(`3) Degree-${DEGREE} polynomial (features x..x^${DEGREE} standardised) with a penalty on the weights.`);
console.log('   Only x, x^2 and x^3 are in the truth; weights are per standardised feature.\n');
for (const kind of Object.keys(PENALTIES) as PenaltyKind[]) {
  const { l1, l2 } = PENALTIES[kind](1);
  const formula = `MSE + ${l1 ? `${l1 === 1 ? '' : `${l1} `}lambda ||w||_1` : ''}${l1 && l2 ? ' + ' : ''}${l2 ? `${l2 === 1 ? '' : `${l2} `}lambda ||w||_2^2` : ''}`;
  showTable(`  ${kind}: minimise ${formula}`, result.tables[kind], result.trueWeights);
}
showTable('  L1 again, but by plain gradient descent on l1Penalty (subgradient sign(w)): no exact zeros', result.subgradient);
console.log('L2 shrinks every weight a little more as lambda grows; L1 sets the weights of unneeded features to');
console.log('exactly 0 because after each gradient step it soft-thresholds them (proximal gradient descent, ISTA).');
console.log(`(${Math.round((performance.now() - t0) / 100) / 10} s)`);
