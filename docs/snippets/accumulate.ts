/** Gradients add up: within one backward (a variable used twice) and across backward calls (until zeroGrad). */
import { Value } from '@nabla/autograd';

export function main(): void {
  // #region within
  const x = new Value(3, { label: 'x' });
  const y = x.mul(x); // x is used twice: d(x*x)/dx = x + x
  y.backward();
  console.log(`after one backward:   x.grad = ${x.grad}`); // 6
  // #endregion within

  // #region across
  y.backward(); // a second call ADDS the same gradient again
  console.log(`after two backwards:  x.grad = ${x.grad}`); // 12
  x.grad = 0; // what zeroGrad() does for a parameter
  // #endregion across

  // #region sum-of-losses
  // Accumulation is a feature: gradients of separate losses add up to the gradient of their sum.
  const w = new Value(2, { label: 'w' });
  const loss1 = w.mul(w); // dw = 2w = 4
  const loss2 = w.mul(5); // dw = 5
  loss1.backward();
  loss2.backward();
  const separately = w.grad;
  w.grad = 0;
  loss1.add(loss2).backward();
  console.log(`two backwards: ${separately}, one backward of the sum: ${w.grad}`); // 9 and 9
  // #endregion sum-of-losses
}
