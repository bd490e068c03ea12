/** Using the optimizers: the training-loop pieces and the pure update functions. */
// #region loop
import { manualSeed, randn, tensor } from '@nabla/autograd';
import { Linear } from '@nabla/nn';
import { mseLoss } from '@nabla/nn/functional';
import { AdamW, CosineAnnealingLR, clipGradNorm } from '@nabla/optim';
// #endregion loop
// #region pure
import { ADAM_DEFAULTS, SGD_DEFAULTS, adamUpdate, sgdUpdate } from '@nabla/optim';
// #endregion pure

export function loop(): void {
  manualSeed(0);
  const x = randn([64, 3]);
  const y = x.matmul(tensor([[1], [-2], [0.5]])).add(0.3);
  // #region loop
  const model = new Linear(3, 1);
  const opt = new AdamW(
    [
      { params: [model.weight] }, // group 0: the defaults below
      { params: [model.bias!], weightDecay: 0 }, // group 1: no decay on the bias
    ],
    { lr: 0.1, weightDecay: 1e-2 },
  );
  const sched = new CosineAnnealingLR(opt, { tMax: 100 }); // lr from 0.1 down to 0 along a cosine

  for (let epoch = 1; epoch <= 100; epoch++) {
    opt.zeroGrad();
    const loss = mseLoss(model.forward(x), y);
    loss.backward();
    clipGradNorm(model.parameters(), 1.0); // rescale if the total gradient norm exceeds 1
    opt.step();
    sched.step(); // once per epoch, after opt.step()
    if (epoch % 25 === 0) console.log(`epoch ${epoch}  loss ${loss.item().toFixed(5)}  lr ${sched.getLastLr()[0]!.toFixed(4)}`);
  }
  // #endregion loop
}

export function pure(): void {
  // #region pure
  // The update rules are pure functions over typed arrays; the classes only hold state and call them.
  const p = new Float64Array([1, -2]);
  sgdUpdate(p, [0.5, -1], null, false, { ...SGD_DEFAULTS, lr: 0.1 }); // p <- p - 0.1 g
  console.log(Array.from(p)); // [0.95, -1.9]

  const q = new Float64Array([1, -2]);
  const moments = { m: new Float64Array(2), v: new Float64Array(2), vMax: null };
  adamUpdate(q, [0.5, -1], moments, 1, { ...ADAM_DEFAULTS, lr: 0.1 }); // Adam's first step is lr * sign(g)
  console.log(Array.from(q, (v) => Number(v.toFixed(6)))); // [0.9, -1.9]
  // #endregion pure
}

export function main(): void {
  for (const part of [loop, pure]) part();
}
