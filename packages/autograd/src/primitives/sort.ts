import type { ScatterReduceOp } from '../backend/backend.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

export type SortParams = {
  /** Stable argsort along `axis` (int32, no gradient: a permutation is piecewise constant). */
  argsort: { axis: number; descending: boolean };
  /** inputs [seq, values]: insertion points of values in seq's sorted last axis (int32, no gradient). */
  searchsorted: { right: boolean };
  /**
   * torch.scatter_reduce: inputs [x, src, index], src and index of one shape (the op slices src first);
   * x's copy with src combined into it at index along `axis`.
   */
  scatterReduce: { axis: number; op: ScatterReduceOp; includeSelf: boolean };
};

/** The same primitive with other inputs: the rules below re-run scatterReduce on masked operands. */
const scatterReduce = (x: Tensor, src: Tensor, index: Tensor, axis: number, op: ScatterReduceOp, includeSelf = true) =>
  apply('scatterReduce', [x, src, index], { axis, op, includeSelf });

/** x with every position the scatter writes set to 0 (PyTorch's grad_self.scatter(dim, index, 0)). */
const unwritten = (x: Tensor, index: Tensor, axis: number) => scatterReduce(x, index.astype(x.dtype).mul(0), index, axis, 'assign');

export const sortPrims = {
  argsort: {
    forward: (b, [x], { axis, descending }) =>
      Tensor._fromData(b.argsort(x!._contiguousData(), x!._shape, axis, descending), x!._shape.slice(), 'int32'),
  },
  searchsorted: {
    forward: (b, [seq, values], { right }) =>
      Tensor._fromData(b.searchsorted(seq!._contiguousData(), seq!._shape, values!._contiguousData(), values!._shape, right), values!._shape.slice(), 'int32'),
  },
  scatterReduce: {
    forward: (b, [x, src, index], { axis, op, includeSelf }) =>
      Tensor._fromData(
        b.scatterReduce(x!._contiguousData(), x!._shape, src!._contiguousData(), src!._shape, index!._contiguousData() as Int32Array,
          index!._shape, axis, op, includeSelf, x!.dtype),
        x!._shape.slice(), x!.dtype,
      ),
    // PyTorch's scatter_reduce_backward, written in differentiable ops so higher orders work:
    //   assign: dx = g with written positions zeroed, dsrc = gather(g);  sum: dx = g, dsrc = gather(g);
    //   mean: both divided by the count N of values combined at the target;
    //   amax/amin: the gradient goes to every value equal to the result, split evenly among the N ties;
    //   prod: d out / d v = product of the others, computed with zeros masked to 1 (no 0/0).
    // With includeSelf false, x's written positions did not take part, so they get 0.
    vjp: (g, { inputs: [x, src, index], out, params: { axis, op, includeSelf } }) => {
      const gather = (t: Tensor) => apply('gather', [t, index!], { axis });
      let dx: Tensor;
      let dsrc: Tensor;
      if (op === 'assign') return [unwritten(g, index!, axis), gather(g), null];
      if (op === 'sum') {
        dx = g;
        dsrc = gather(g);
      } else if (op === 'mean') {
        const ones = src!.detach().mul(0).add(1);
        const n = scatterReduce(includeSelf ? x!.detach().mul(0).add(1) : x!.detach().mul(0), ones, index!, axis, 'sum').maximum(1);
        dx = g.div(n);
        dsrc = gather(g.div(n));
      } else if (op === 'amax' || op === 'amin') {
        const selfTie = includeSelf ? x!.eq(out).astype(g.dtype) : x!.detach().mul(0);
        const srcTie = src!.eq(gather(out.detach())).astype(g.dtype);
        const n = scatterReduce(selfTie, srcTie, index!, axis, 'sum');
        const share = g.div(n.maximum(1));
        dx = includeSelf ? share.mul(selfTie) : g;
        dsrc = gather(share).mul(srcTie);
      } else {
        const zeroX = x!.eq(0);
        const maskedX = x!.where(zeroX.eq(0), 1);
        dx = g.mul(scatterReduce(maskedX, src!, index!, axis, 'prod', includeSelf)).div(maskedX);
        const zeroSrc = src!.eq(0);
        const zeros = scatterReduce(x!.detach().mul(0), zeroSrc.astype(x!.dtype), index!, axis, 'sum');
        const single = zeroSrc.astype(x!.dtype).mul(gather(zeros).eq(1).astype(x!.dtype)).ne(0);
        const maskedSrcOut = scatterReduce(x!, src!.where(single.eq(0), 1), index!, axis, 'prod', includeSelf);
        dsrc = gather(g.mul(maskedSrcOut)).where(single, gather(g.mul(out)).div(src!.where(zeroSrc.eq(0), 1)));
      }
      return [includeSelf ? dx : unwritten(dx, index!, axis), dsrc, null];
    },
  },
} satisfies PrimTable<SortParams>;
