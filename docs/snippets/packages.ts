/** The examples on the npm pages of the three packages (packages/*\/README.md), kept runnable here. */
// #region autograd
import { grad, tensor, type Tensor } from '@nabla/autograd';

// #endregion autograd
// #region nn
import { linspace, manualSeed } from '@nabla/autograd';
import { Linear, MSELoss, Sequential, Tanh } from '@nabla/nn';
import { Adam } from '@nabla/optim';

// #endregion nn
export function autograd(): void {
  // #region autograd
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(x).sum(); // y = x1² + x2² + x3²
  y.backward(); // dy/dx by reverse-mode autodiff
  console.log(x.grad?.toString()); // 2x

  const f = (t: Tensor) => t.sin().sum();
  const dfdt = grad(f); // a new function: t -> cos(t)
  console.log(dfdt(tensor([0, Math.PI])).toString());
  // #endregion autograd
}

export function nn(): void {
  // #region nn
  manualSeed(0);
  const x = linspace(-2, 2, 64).unsqueeze(1); // 64 samples, 1 feature
  const y = x.sin(); // the curve to fit
  const model = new Sequential(new Linear(1, 16), new Tanh(), new Linear(16, 1));
  const lossFn = new MSELoss();
  const opt = new Adam(model.parameters(), { lr: 0.02 });
  for (let step = 0; step <= 300; step++) {
    opt.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    if (step % 100 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(5)}`);
  }
  // #endregion nn
}

export function main(): void {
  autograd();
  nn();
}
