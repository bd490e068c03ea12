/**
 * One neuron, y = sigmoid(w x + b), and its squared error E = (y - t)^2: the gradient by the chain rule
 * written out by hand, next to what `backward()` computes on the scalar engine.
 */
// #region show
import { Value } from '@nabla/autograd';

// #endregion show
/** The neuron's graph after `backward()`, with every node labelled (drawn by figures/render.ts). */
export function neuron(): { x: Value; t: Value; w: Value; b: Value; E: Value } {
  // #region show
  const x = new Value(1.5, { label: 'x' }); // input
  const t = new Value(1, { label: 't' }); // target
  const w = new Value(-0.5, { label: 'w' }); // weight
  const b = new Value(0.25, { label: 'b' }); // bias

  const wx = w.mul(x);
  const z = wx.add(b); // z = w x + b
  const y = z.sigmoid(); // y = f(z)
  const d = y.sub(t);
  const E = d.mul(d); // E = (y - t)^2
  E.backward(); // fills .grad of every node: dE/d(node)
  // #endregion show
  wx.label = 'w x';
  z.label = 'z';
  y.label = 'y';
  d.label = 'y - t';
  E.label = 'E';
  return { x, t, w, b, E };
}

export function main(): void {
  const { x, t, w, b, E } = neuron();
  // #region by-hand
  // The same gradient by hand: dE/dw = dE/dy * dy/dz * dz/dw
  const z = w.data * x.data + b.data;
  const y = 1 / (1 + Math.exp(-z));
  const dEdy = 2 * (y - t.data);
  const dydz = y * (1 - y); // sigmoid' = y (1 - y)
  const dEdw = dEdy * dydz * x.data; // dz/dw = x
  const dEdb = dEdy * dydz * 1; // dz/db = 1
  // #endregion by-hand
  console.log(`E = ${E.data.toFixed(6)}`);
  console.log(`backward: dE/dw = ${w.grad.toFixed(6)}, dE/db = ${b.grad.toFixed(6)}`);
  console.log(`by hand:  dE/dw = ${dEdw.toFixed(6)}, dE/db = ${dEdb.toFixed(6)}`);
  if (Math.abs(w.grad - dEdw) > 1e-12 || Math.abs(b.grad - dEdb) > 1e-12) throw new Error('neuron: backward disagrees with the chain rule');
}
