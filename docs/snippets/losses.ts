/** Why cross-entropy for classification, and how L1 and L2 penalties pull weights differently. */
// #region saturation
import { noGrad, tensor, type Tensor } from '@nabla/autograd';
import { l1Penalty, l2Penalty } from '@nabla/nn';
import { bceWithLogits, crossEntropy, mseLoss } from '@nabla/nn/functional';
import { SGD } from '@nabla/optim';
// #endregion saturation

export function saturation(): void {
  // #region saturation
  // One example of class 1 that the model gets confidently wrong: logit z = -4, p = sigmoid(z) = 0.018.
  for (const name of ['MSE on p', 'cross-entropy'] as const) {
    const z = tensor([-4], { dtype: 'float64', requiresGrad: true });
    const y = tensor([1], { dtype: 'float64' });
    const loss = name === 'MSE on p' ? mseLoss(z.sigmoid(), y) : bceWithLogits(z, y);
    loss.backward();
    console.log(`${name.padEnd(13)}  loss ${loss.item().toFixed(4)}  dL/dz ${z.grad!.item().toFixed(4)}`);
  }
  // #endregion saturation
}

export function softmaxGradient(): void {
  // #region softmaxGradient
  const logits = tensor([[2, 0.5, -1]], { dtype: 'float64', requiresGrad: true }); // one example, 3 classes
  const label = tensor([1], { dtype: 'int32' }); // class labels are int32
  crossEntropy(logits, label).backward();
  const p = logits.softmax(-1).detach();
  console.log('softmax(z)     ', Array.from(p.data(), (v) => v.toFixed(4)).join('  '));
  console.log('dL/dz          ', Array.from(logits.grad!.data(), (v) => v.toFixed(4)).join('  ')); // p - onehot(1)
  // #endregion softmaxGradient
}

/**
 * Minimises 1/2 ||w - a||^2 + penalty(w) by gradient descent, from w = a: the data term alone would keep
 * w = a, so whatever moves w is the penalty. `prox` (for L1) soft-thresholds after each step instead of
 * adding the penalty's subgradient.
 */
// #region penalties
function minimise(a: Tensor, penalty: (w: Tensor) => Tensor, { lr = 0.1, steps = 300, prox = 0 } = {}): number[] {
  const w = a.clone().detach().setRequiresGrad();
  const opt = new SGD([w], { lr });
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    w.sub(a).square().sum().mul(0.5).add(penalty(w)).backward();
    opt.step();
    // soft-thresholding, S_t(w) = sign(w) max(|w| - t, 0): the proximal step for t |w|
    if (prox > 0) noGrad(() => w.mutate((d) => d.forEach((v, i) => (d[i] = Math.sign(v) * Math.max(Math.abs(v) - lr * prox, 0)))));
  }
  return Array.from(w.data());
}
// #endregion penalties

export function penalties(): void {
  // #region penalties
  const lambda = 0.5;
  const a = tensor([3, 0.3, -0.2, -2], { dtype: 'float64' }); // the weights the data alone wants
  const rows: [string, number[]][] = [
    ['no penalty', minimise(a, (w) => w.sum().mul(0))],
    ['L2', minimise(a, (w) => l2Penalty([w], lambda))],
    ['L1, subgradient', minimise(a, (w) => l1Penalty([w], lambda))],
    ['L1, proximal', minimise(a, (w) => w.sum().mul(0), { prox: lambda })],
  ];
  const fmt = (v: number) => (v === 0 ? '0' : v.toFixed(3)).padStart(8); // exact zeros print as 0
  for (const [name, w] of rows) console.log(name.padEnd(16), w.map(fmt).join(''));
  // #endregion penalties
}

export function main(): void {
  for (const part of [saturation, softmaxGradient, penalties]) part();
}
