/** LBFGS with the strong-Wolfe line search, and weight averaging (SWA and EMA) with updateBn. */
// #region lbfgs
import { tensor } from '@nabla/autograd';
import { LBFGS } from '@nabla/optim';
// #endregion lbfgs
// #region swa
import { manualSeed, noGrad, randn, type Tensor } from '@nabla/autograd';
import { BatchNorm1d, Linear, Module } from '@nabla/nn';
import { mseLoss } from '@nabla/nn/functional';
import { AveragedModel, CosineAnnealingLR, SGD, SWALR, getEmaMultiAvgFn, updateBn } from '@nabla/optim';
// #endregion swa

export function lbfgs(): void {
  // #region lbfgs
  // Rosenbrock's valley f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
  const p = tensor([-1.5, 2], { dtype: 'float64', requiresGrad: true });
  const opt = new LBFGS([p], { lineSearchFn: 'strongWolfe' });
  const closure = () => {
    opt.zeroGrad();
    const [x, y] = [p.slice([[0, 1]]), p.slice([[1, 2]])];
    const loss = x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)).sum();
    loss.backward();
    return loss;
  };
  for (let k = 1; k <= 4; k++) {
    const before = opt.step(closure); // up to maxIter = 20 iterations; returns the loss before them
    console.log(`step ${k}: loss before ${before.item().toExponential(2)}, closure calls so far ${opt.lbfgsState.funcEvals}`);
  }
  console.log((p.toArray() as number[]).map((v) => v.toFixed(6)));
  // #endregion lbfgs
}

export function swa(): void {
  manualSeed(0);
  const x = randn([256, 4]);
  const y = x.matmul(tensor([[1], [-2], [0.5], [3]])).tanh().add(randn([256, 1]).mul(0.1));
  const batches = Array.from({ length: 8 }, (_, i) => [x.slice([[32 * i, 32 * i + 32]]), y.slice([[32 * i, 32 * i + 32]])]);
  // #region swa
  class Net extends Module {
    fc1 = new Linear(4, 16);
    bn = new BatchNorm1d(16);
    fc2 = new Linear(16, 1);
    forward(v: Tensor): Tensor {
      return this.fc2.forward(this.bn.forward(this.fc1.forward(v)).relu());
    }
  }
  const model = new Net();
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const swa = new AveragedModel(model); // equal-weight average of the snapshots it is given
  const ema = new AveragedModel(model, { multiAvgFn: getEmaMultiAvgFn(0.99), useBuffers: true });
  const sched = new CosineAnnealingLR(opt, { tMax: 30 });
  const swaSched = new SWALR(opt, { swaLr: 0.02, annealEpochs: 5 });
  for (let epoch = 0; epoch < 40; epoch++) {
    for (const [xb, yb] of batches) {
      opt.zeroGrad();
      mseLoss(model.forward(xb!), yb!).backward();
      opt.step();
      ema.updateParameters(model); // every batch
    }
    if (epoch >= 30) {
      swa.updateParameters(model); // once per epoch from epoch 30 on
      swaSched.step();
    } else {
      sched.step();
    }
  }
  updateBn(batches, swa); // BatchNorm statistics for the averaged weights
  const mse = (m: { forward(v: Tensor): Tensor; eval(): unknown }) => (m.eval(), noGrad(() => mseLoss(m.forward(x), y).item()));
  console.log(`last ${mse(model).toFixed(4)}  swa ${mse(swa).toFixed(4)} (${swa.nAveraged} snapshots)  ema ${mse(ema).toFixed(4)}`);
  // #endregion swa
}

export function main(): void {
  for (const part of [lbfgs, swa]) part();
}
