/**
 * `pnpm example newton`: logistic regression fitted by Newton's method (exact Hessian from `hessian`, and
 * matrix-free Newton-CG with `hvp`) against gradient descent with its best fixed step. The maths lives in
 * ./logistic.ts; this file only prints.
 */
import { grad, tensor } from '@nabla/autograd';
import { gdStep, lossCurve, lossFn, makeDataset, newtonStep, safeLearningRate, stepsToReach } from './logistic.js';

const STEPS = 10;
const GD_STEPS = 1000;

const data = makeDataset();
const loss = lossFn(data);
const newton = lossCurve(loss, (t) => newtonStep(loss, t, 'hessian'), STEPS);
const newtonCg = lossCurve(loss, (t) => newtonStep(loss, t, 'cg'), STEPS);
const lr = safeLearningRate(data);
const gd = lossCurve(loss, (t) => gdStep(loss, t, lr), GD_STEPS);

// The optimum: Newton run to convergence, certified by a vanishing gradient.
let theta = tensor([0, 0, 0], { dtype: 'float64' });
for (let i = 0; i < 30; i++) theta = newtonStep(loss, theta);
const optimum = loss(theta).item();
const gradNorm = grad(loss)(theta).square().sum().sqrt().item();

console.log(`Logistic regression on ${data.y.size} seeded synthetic points (2 features + bias), mean cross-entropy`);
console.log(`optimum loss ${optimum.toFixed(12)} at theta = [${Array.from(theta.data(), (v) => v.toFixed(4)).join(', ')}] (|gradient| ${gradNorm.toExponential(1)})`);
console.log(`gradient descent uses its largest safe fixed step, 1/L = ${lr.toFixed(4)}\n`);

const gap = (l: number) => (Math.abs(l - optimum) < 1e-15 ? '< 1e-15' : (l - optimum).toExponential(2)).padStart(10);
console.log(' step | Newton (hessian)       | Newton-CG (hvp)        | gradient descent');
console.log('      | loss         gap       | loss         gap       | loss         gap');
const row = (i: number, n?: number, c?: number) => {
  const cell = (l?: number) => (l === undefined ? ' '.repeat(22) : `${l.toFixed(9)} ${gap(l)}`);
  console.log(`${String(i).padStart(5)} | ${cell(n)} | ${cell(c)} | ${cell(gd[i])}`);
};
for (let i = 0; i <= STEPS; i++) row(i, newton[i], newtonCg[i]);
for (const i of [20, 50, 100, 200, 300, 500, 1000]) if (i <= GD_STEPS) row(i);

const fmtSteps = (n: number) => (n < 0 ? `more than ${GD_STEPS}` : String(n));
console.log(`\nsteps to get within 1e-6 of the optimum: Newton ${fmtSteps(stepsToReach(newton, optimum))}, ` +
  `Newton-CG ${fmtSteps(stepsToReach(newtonCg, optimum))}, gradient descent ${fmtSteps(stepsToReach(gd, optimum))}`);
console.log('Newton rescales each direction by the curvature (the Hessian), so the unequal feature scales that');
console.log('force gradient descent into small steps cost it nothing, and near the optimum it converges');
console.log('quadratically: the gap squares each step.');
