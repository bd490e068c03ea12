/** Writing custom ops with defineOp: a stable hypot with its own rule, broadcasting around it, and a straight-through estimator. */
// #region hypot
import { defineOp, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';

/**
 * sqrt(x^2 + y^2) without overflow: both are divided by m = max(|x|, |y|) before squaring. Inputs must have
 * the same shape (see `hypotBroadcast`).
 */
export const hypot = defineOp({
  name: 'hypot',
  forward: (x, y) => {
    const m = x.abs().maximum(y.abs());
    const safe = m.where(m.gt(0), 1); // hypot(0, 0) = 0, not 0/0
    return x.div(safe).square().add(y.div(safe).square()).sqrt().mul(m);
  },
  // d hypot(x, y) = (x dx + y dy) / hypot(x, y); at (0, 0), where it has no derivative, we pick 0.
  vjp: (g, { inputs: [x, y], out }) => {
    const safe = out.where(out.gt(0), 1);
    return [g.mul(x!).div(safe), g.mul(y!).div(safe)];
  },
});
// #endregion hypot

/** The textbook composite, for comparison: x^2 overflows float32 once |x| passes ~1.8e19. */
const naiveHypot = (x: Tensor, y: Tensor) => x.square().add(y.square()).sqrt();

export function overflow(): void {
  // #region overflow
  for (const [name, f] of [['composite', naiveHypot], ['custom op', hypot]] as const) {
    const x = tensor([3e20, 3], { requiresGrad: true }); // float32: 3e20 squared overflows
    const y = tensor([4e20, 4], { requiresGrad: true });
    const h = f(x, y);
    h.sum().backward();
    console.log(`${name}:\n  value ${h}\n  dx    ${x.grad}`);
  }
  // #endregion overflow
}

export function check(): void {
  // #region check
  const x = tensor([[0.5, -2, 3], [1e-3, 7, -0.25]], { dtype: 'float64' });
  const y = tensor([[1, 0.3, -4], [2, -1e-2, 0.5]], { dtype: 'float64' });
  console.log(gradcheck(hypot, [x, y]), gradgradcheck(hypot, [x, y])); // true true, or they throw
  // #endregion check
}

// #region broadcast
/** hypot with broadcasting: broadcast first, with differentiable ops, so gradients are summed back for us. */
export function hypotBroadcast(x: Tensor, y: Tensor): Tensor {
  const shape = x.add(y).shape; // the broadcast shape (or a ShapeError naming both shapes)
  return hypot(x.broadcastTo(shape), y.broadcastTo(shape));
}
// #endregion broadcast

export function shapes(): void {
  // #region shapes
  const x = tensor([[3], [6]], { requiresGrad: true }); // [2, 1]
  const y = tensor([4, 8], { requiresGrad: true }); // [2]
  try {
    hypot(x, y).sum().backward(); // forward broadcasts to [2, 2], but the rule returns [2, 2] gradients
  } catch (e) {
    console.log((e as Error).message);
  }
  hypotBroadcast(x, y).sum().backward();
  console.log(`${x.grad}\n${y.grad}`);
  // #endregion shapes
}

// #region ste
/** Rounds in the forward pass, and lets the gradient through unchanged (a straight-through estimator). */
export const roundSte = defineOp({
  name: 'roundSte',
  // forward may run any code, even code that is not differentiable at all
  forward: (x) => tensor(Array.from(x.data(), Math.round), { shape: x.shape, dtype: x.dtype }),
  // d round(x) is 0 almost everywhere, which would stop learning; pretend it is the identity instead
  vjp: (g) => [g],
});
// #endregion ste

export function ste(): void {
  // #region steCheck
  try {
    gradcheck(roundSte, [tensor([0.2, 0.7, 1.4], { dtype: 'float64' })]);
  } catch (e) {
    console.log((e as Error).message); // the rule is not the derivative, on purpose, and gradcheck says so
  }
  // #endregion steCheck
}

export function main(): void {
  for (const part of [overflow, check, shapes, ste]) part();
}
