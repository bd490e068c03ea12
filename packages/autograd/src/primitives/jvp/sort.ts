import { onesLike, zerosLike } from '../../creation/fill.js';
import { apply } from '../apply.js';
import { sortPrims, type SortParams } from '../sort.js';
import type { JvpTable } from '../types.js';
import { noTangent, sumTerms } from './util.js';

export const sortJvpRules = {
  argsort: noTangent,
  searchsorted: noTangent,
  scatterReduce: (tangents, { inputs, out, params }) => {
    const [x, src, index] = inputs as [typeof out, typeof out, typeof out];
    const tx = tangents[0] ?? null;
    const tsrc = tangents[1] ?? null;
    if (tx === null && tsrc === null) return null;
    const { axis, op } = params;
    // assign, sum and mean are linear in (x, src) jointly (mean's counts do not depend on the values), so the
    // tangent is the same scatter of the tangents. For assign that is the last write of t_src, the derivative
    // of the forward (PyTorch's self_t.scatter(dim, index, src_t)); the vjp's gather(g) instead gives every
    // duplicate of an index the gradient, a convention only at duplicate indices, where the order decides.
    if (op === 'assign' || op === 'sum' || op === 'mean') {
      return apply('scatterReduce', [tx ?? zerosLike(x), tsrc ?? zerosLike(src), index], params);
    }
    // amax/amin/prod: out_p = r(x_p, src_k for k -> p). The vjp has the form dx = g W_x, dsrc = gather(g) W_src
    // (W_x = d out_p / d x_p; W_src,k = d out_idx(k) / d src_k), so J t = t_x W_x + scatterSum(t_src W_src),
    // with the weights the vjp of a seed of ones: ties of amax/amin split evenly among the N equal values
    // (d out = mean of their tangents), prod takes the product of the others (exact at zeros), and with
    // includeSelf false x's written positions weigh 0, exactly as the vjp decides.
    const vjp = sortPrims.scatterReduce.vjp;
    const [wx, wsrc] = vjp(onesLike(out), { inputs, out, params, needs: [tx !== null, tsrc !== null, false] });
    const fromSrc = tsrc === null ? null : apply('scatterReduce', [zerosLike(x), tsrc.mul(wsrc!), index], { axis, op: 'sum', includeSelf: true });
    return sumTerms([tx === null ? null : tx.mul(wx!), fromSrc]);
  },
} satisfies JvpTable<SortParams>;
