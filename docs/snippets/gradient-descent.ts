/**
 * The seed article's training loop on the scalar engine: y = f(w X + b), E = mean (y - t)^2, and
 * w <- w - alpha dE/dw, learning the OR gate (which, unlike XOR, one neuron can represent).
 */
// #region show
import { Value } from '@nabla/autograd';

// Each row: x0, x1 and the target t of the OR gate.
const data: [number, number, number][] = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]];

// #endregion show
export function main(): void {
  // #region show
  const w0 = new Value(0.1, { label: 'w0' });
  const w1 = new Value(-0.2, { label: 'w1' });
  const b = new Value(0, { label: 'b' });
  const params = [w0, w1, b];
  const alpha = 1; // learning rate
  const predict = (x0: number, x1: number) => w0.mul(x0).add(w1.mul(x1)).add(b).sigmoid(); // y = f(w X + b)

  for (let step = 0; step <= 500; step++) {
    // forward: E = mean over the examples of (y - t)^2
    let E = new Value(0);
    for (const [x0, x1, t] of data) E = E.add(predict(x0, x1).sub(t).pow(2));
    E = E.div(data.length);

    // backward: dE/dw for every parameter, by the chain rule
    for (const p of params) p.grad = 0; // gradients accumulate: clear the last step's first
    E.backward();

    // update: w <- w - alpha * dE/dw
    for (const p of params) p.data -= alpha * p.grad;
    if (step % 100 === 0) console.log(`step ${String(step).padStart(3)}  E = ${E.data.toFixed(4)}`);
  }
  // #endregion show
  const predictions = data.map(([x0, x1]) => predict(x0, x1).data);
  console.log(`predictions: ${predictions.map((p) => p.toFixed(2)).join(', ')} for targets ${data.map(([, , t]) => t).join(', ')}`);
  if (predictions.some((p, i) => (p > 0.5 ? 1 : 0) !== data[i]![2])) throw new Error('gradient-descent: OR not learned');
}
