// Trains a small MLP with the installed packages (plain ESM JavaScript, as a user without TypeScript runs it)
// and prints one JSON line that packaging.test.ts checks.
import { linspace, manualSeed, noGrad, Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { Linear, MSELoss, Sequential, Tanh } from '@nabla/nn';
import { Adam } from '@nabla/optim';

manualSeed(0);
const x = linspace(-2, 2, 64, { dtype: 'float64' }).unsqueeze(1);
const y = x.sin();
const model = new Sequential(new Linear(1, 16, { dtype: 'float64' }), new Tanh(), new Linear(16, 1, { dtype: 'float64' }));
const lossFn = new MSELoss();
const opt = new Adam(model.parameters(), { lr: 0.02 });
const losses = [];
for (let step = 0; step < 300; step++) {
  opt.zeroGrad();
  const loss = lossFn.forward(model.forward(x), y);
  loss.backward();
  opt.step();
  losses.push(loss.item());
}
// noGrad from @nabla/autograd must reach the copy @nabla/nn computes with: there is only one.
const detached = noGrad(() => model.forward(x));
const result = {
  first: losses[0],
  last: losses.at(-1),
  outputIsTensor: detached instanceof Tensor,
  noGradReachesNn: detached.requiresGrad === false,
  gradcheck: gradcheck((t) => t.tanh().mul(t).sum(), [x.slice([[0, 5]])]),
};
console.log(JSON.stringify(result));
