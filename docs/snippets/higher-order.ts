/** Gradients of gradients, and the functional transforms: grad, valueAndGrad, vjp, jvp, jacobian, hessian, hvp. */
// #region createGraph
import { grad, gradients, hessian, hvp, jacobian, jvp, tensor, valueAndGrad, vjp, type Tensor } from '@nabla/autograd';
// #endregion createGraph

export function createGraph(): void {
  // #region createGraph
  const x = tensor(2, { dtype: 'float64', requiresGrad: true });
  const y = x.pow(3); // y = x^3
  const [dy] = gradients(y, [x], { createGraph: true }); // 3x^2 = 12, itself a node in the graph
  const [d2y] = gradients(dy!, [x], { createGraph: true }); // 6x = 12
  const [d3y] = gradients(d2y!, [x]); // 6
  console.log(dy!.item(), d2y!.item(), d3y!.item());
  // #endregion createGraph
}

export function gradTransform(): void {
  // #region gradTransform
  const f = (x: Tensor) => x.sin().sum();
  const df = grad(f); // x -> cos x
  const d2f = grad((x: Tensor) => df(x).sum()); // x -> -sin x
  const x = tensor([0, 1], { dtype: 'float64' });
  console.log(`${df(x)}\n${d2f(x)}`);
  // #endregion gradTransform
}

export function valueAndGradTransform(): void {
  // #region valueAndGradTransform
  const X = tensor([[1, 2], [3, 4], [5, 6]]);
  const y = tensor([1, 2, 3]);
  const loss = (w: Tensor, b: Tensor) => X.matmul(w).add(b).sub(y).square().mean();
  const step = valueAndGrad(loss, { argnums: [0, 1] }); // gradients with respect to w and b
  const [value, [dw, db]] = step(tensor([0.1, -0.1]), tensor(0));
  console.log(`${value}\n${dw}\n${db}`);
  // #endregion valueAndGradTransform
}

export function vjpJvp(): void {
  // #region vjpJvp
  // f(x) = [x0 x1, sin x0], whose Jacobian at x is [[x1, x0], [cos x0, 0]]
  const f = (x: Tensor) => {
    const [x0, x1] = x.split(1);
    return x0!.mul(x1!).concat([x0!.sin()]);
  };
  const x = tensor([0, 3], { dtype: 'float64' }); // J = [[3, 0], [1, 0]]
  const [out, pullback] = vjp(f, x);
  const [uJ] = pullback(tensor([1, 10], { dtype: 'float64' })); // u^T J = [3 + 10, 0]
  const [, Jv] = jvp(f, [x], [tensor([1, 0], { dtype: 'float64' })]); // J v = J's first column = [3, 1]
  console.log(out.toArray(), uJ!.toArray(), Jv.toArray());
  // #endregion vjpJvp
}

// #region hessianAndHvp
// Rosenbrock's function, minimum 0 at (1, 1)
const rosenbrock = (p: Tensor) => {
  const [x, y] = p.split(1);
  return x!.neg().add(1).square().add(y!.sub(x!.square()).square().mul(100)).sum();
};
// #endregion hessianAndHvp

export function hessianAndHvp(): void {
  // #region hessianAndHvp
  const p = tensor([1, 1], { dtype: 'float64' });
  console.log(jacobian(grad(rosenbrock))(p).toArray()); // the Hessian, by definition
  console.log(hessian(rosenbrock)(p).toArray()); // [[802, -400], [-400, 200]]
  console.log(hvp(rosenbrock, p, tensor([1, 0], { dtype: 'float64' })).toArray()); // H's first column
  // #endregion hessianAndHvp
}

export function newton(): void {
  // #region newton
  let p = tensor([-1.2, 1], { dtype: 'float64' }); // the classic hard start
  for (let step = 1; step <= 6; step++) {
    const [g0, g1] = grad(rosenbrock)(p).data();
    const [a, b, c, d] = hessian(rosenbrock)(p).data(); // H = [[a, b], [c, d]]
    const det = a! * d! - b! * c!; // solve H s = g for the 2 x 2 Hessian
    const s = tensor([(d! * g0! - b! * g1!) / det, (a! * g1! - c! * g0!) / det], { dtype: 'float64' });
    p = p.sub(s); // p <- p - H^-1 grad f(p)
    const [x, y] = p.data();
    console.log(`step ${step}: (${x!.toFixed(6)}, ${y!.toFixed(6)})  f = ${rosenbrock(p).item().toExponential(2)}`);
  }
  // #endregion newton
}

export function main(): void {
  for (const part of [createGraph, gradTransform, valueAndGradTransform, vjpJvp, hessianAndHvp, newton]) part();
}
