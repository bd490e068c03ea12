import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import type { ConvParams } from '../conv.js';
import type { BatchTable } from '../types.js';
import { foldBatch, moveAxis, unfoldBatch, withBatch } from './util.js';

/**
 * A conv primitive over [N, ...] inputs batched by vmap ([size, N, ...]): the examples join the primitive's
 * own N axis ([size * N, ...]), `run` makes one call over them all, and the output's leading axis splits back.
 */
function overN(x: Tensor, bx: boolean, size: number, run: (x: Tensor) => Tensor): Tensor {
  const xb = withBatch(x, bx, size);
  return unfoldBatch(run(foldBatch(xb)), size, xb._shape[1]!);
}

const reshape = (x: Tensor, shape: readonly number[]): Tensor => apply('reshape', [x], { shape });

/** [S, n, a, b] -> [S, a, n * b]: the n examples' columns side by side, one matrix per batch entry. */
function sideBySide(x: Tensor): Tensor {
  const [s, n, a, b] = x._shape as [number, number, number, number];
  return reshape(moveAxis(x, 1, 2), [s, a, n * b]);
}

/** The inverse of sideBySide: [S, a, n * b] -> [S, n, a, b]. */
function apart(x: Tensor, n: number): Tensor {
  const [s, a, nb] = x._shape as [number, number, number];
  return moveAxis(reshape(x, [s, a, n, nb / n]), 2, 1);
}

/**
 * A batch of weights ([S, o, c kh kw], one per vmap entry) cannot join the images' axis, so each of the three
 * becomes its composition over the vmap axis: unfold / fold over [S n, ...] and one matrix product per entry.
 */
const perWeight = {
  // y_s = W_s [U(x_s1) ... U(x_sn)]
  conv2d: (x: Tensor, w: Tensor, win: ConvParams['conv2d'], n: number): Tensor =>
    apart(apply('matmul', [w, sideBySide(unfoldBatch(apply('unfold', [foldBatch(x)], win), w._shape[0]!, n))], {}), n),
  // dx_s = fold(W_s^T [g_s1 ... g_sn])
  conv2dGradX: (g: Tensor, w: Tensor, p: ConvParams['conv2dGradX'], n: number): Tensor => {
    const dcols = apart(apply('matmul', [moveAxis(w, 1, 2), sideBySide(g)], {}), n);
    return unfoldBatch(apply('fold', [foldBatch(dcols)], p), w._shape[0]!, n);
  },
};

export const convBatchRules = {
  unfold: ([x], [bx], win, size) => overN(x!, bx!, size, (xs) => apply('unfold', [xs], win)),
  fold: ([cols], [bc], params, size) => overN(cols!, bc!, size, (cs) => apply('fold', [cs], params)),
  maxPoolIndex: ([x], [bx], win, size) => overN(x!, bx!, size, (xs) => apply('maxPoolIndex', [xs], win)),
  conv2d: ([x, w], [bx, bw], win, size) => {
    if (!bw) return overN(x!, bx!, size, (xs) => apply('conv2d', [xs, w!], win));
    const xb = withBatch(x!, bx!, size);
    return perWeight.conv2d(xb, w!, win, xb._shape[1]!);
  },
  conv2dGradX: ([g, w], [bg, bw], p, size) => {
    if (!bw) return overN(g!, bg!, size, (gs) => apply('conv2dGradX', [gs, w!], p));
    const gb = withBatch(g!, bg!, size);
    return perWeight.conv2dGradX(gb, w!, p, gb._shape[1]!);
  },
  // dW_s = sum_i g_si U(x_si)^T: the sum over one entry's images stays apart from the other entries'.
  conv2dGradW: ([x, g], [bx, bg], win, size) => {
    const [xb, gb] = [withBatch(x!, bx!, size), withBatch(g!, bg!, size)];
    const n = xb._shape[1]!;
    const cols = apply('unfold', [foldBatch(xb)], win);
    const terms = apply('matmul', [foldBatch(gb), moveAxis(cols, 1, 2)], {});
    return apply('sum', [unfoldBatch(terms, size, n)], { axes: [1], keepDims: false });
  },
} satisfies BatchTable<ConvParams>;
