/** Shapes, broadcasting, why a broadcast operand's gradient is summed back, and views. */
// #region rules
import { arange, noGrad, ones, tensor, zeros, type Tensor } from '@nabla/autograd';
// #endregion rules

/** x [2, 3] + b [3], summed, after backward: the graph drawn in figures/broadcast.svg (with its expand node). */
export function broadcastGraph(): Tensor {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
  const b = tensor([10, 20, 30], { requiresGrad: true });
  const loss = x.add(b).sum();
  loss.backward(undefined, { retainGraph: true }); // keep the graph so it can still be drawn
  return loss;
}

// #region rules
const shapeOf = (t: Tensor) => `[${t.shape.join(', ')}]`;
// #endregion rules

export function rules(): void {
  // #region rules
  console.log(shapeOf(zeros([2, 3]).add(zeros([3])))); // [3] acts as [1, 3], then stretches to [2, 3]
  console.log(shapeOf(zeros([4, 1]).mul(zeros([1, 5])))); // both sides stretch: [4, 5]
  console.log(shapeOf(zeros([8, 1, 6]).sub(zeros([7, 1])))); // [8, 7, 6]
  try {
    zeros([2, 3]).add(zeros([3, 2])); // 2 vs 3 in the same slot, and neither is 1
  } catch (e) {
    console.log((e as Error).message);
  }
  // #endregion rules
}

export function sumBack(): void {
  // #region sumBack
  const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true }); // [2, 3]
  const b = tensor([10, 20, 30], { requiresGrad: true }); // [3], broadcast over the 2 rows
  const y = x.add(b).mul(x); // y = (x + b) * x, elementwise
  y.sum().backward();
  console.log(x.grad!.toArray()); // dy/dx = 2x + b, shape [2, 3]
  console.log(b.grad!.toArray()); // dy/db = x, summed over the rows: [1 + 4, 2 + 5, 3 + 6], shape [3]
  // #endregion sumBack
}

export function keepDims(): void {
  // #region keepDims
  const col = tensor([[1], [2]], { requiresGrad: true }); // [2, 1], stretched along axis 1
  col.mul(ones([2, 4])).sum().backward();
  console.log(col.grad!.toArray()); // summed over axis 1 and kept as size 1: [[4], [4]]
  // #endregion keepDims
}

export function views(): void {
  // #region views
  const m = arange(0, 6, 1, { dtype: 'float32' }).reshape([2, 3]); // a view of the arange: no copy
  const mt = m.transpose(); // [3, 2], also a view: only the strides differ
  const rows = tensor([1, 2, 3]).expand([4, 3]); // 4 rows that are one row in memory (stride 0)
  console.log(mt.toArray(), rows.shape);
  // #endregion views
}

export function version(): void {
  // #region version
  const w = tensor([1, 2, 3], { requiresGrad: true });
  const loss = w.mul(w).sum(); // mul saved w for its backward
  noGrad(() => w.mutate((d) => d.fill(0))); // an in-place write, as an optimizer step does
  try {
    loss.backward();
  } catch (e) {
    console.log((e as Error).message);
  }
  // #endregion version
}

export function matmulGrad(): void {
  // #region matmulGrad
  const A = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true }); // [3, 2]
  const B = tensor([[1, 0, -1], [2, 1, 0]], { requiresGrad: true }); // [2, 3]
  A.matmul(B).sum().backward(); // G = dL/d(AB) is all ones, [3, 3]
  console.log(A.grad!.toArray()); // G B^T: every row holds B's row sums, [0, 3]
  console.log(B.grad!.toArray()); // A^T G: every column holds A's column sums, [9, 12]
  // #endregion matmulGrad
}

export function main(): void {
  for (const part of [rules, sumBack, keepDims, views, version, matmulGrad]) part();
}
