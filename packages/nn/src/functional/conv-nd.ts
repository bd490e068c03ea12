import { ShapeError, Tensor, ValueError, describe, fmtShape, unfold, unfoldMatmul } from '@nabla/autograd';
import type { ConvOptions } from './conv.js';
import { batched, spatial, windowGrid } from './window.js';

const LAYOUT = { 1: '[N, C, L]', 2: '[N, C, H, W]' } as const;
const KERNEL = { 1: '[out, in/groups, k]', 2: '[out, in/groups, kh, kw]' } as const;

/** [before, after] zero padding per spatial axis. */
function paddings(op: string, padding: unknown, k: number[], stride: number[], dilation: number[]): [number, number][] {
  if (padding === 'valid') return k.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) {
      throw new ValueError(`${op}: padding='same' is not supported for strided convolutions (stride ${fmtShape(stride)})`);
    }
    return k.map((kk, i) => {
      const total = dilation[i]! * (kk - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === 'string') throw new ValueError(`${op}: padding must be a number, a tuple, 'valid' or 'same', got ${describe(padding)}`);
  return spatial(op, 'padding', padding ?? 0, k.length, 0).map((p) => [p, p]);
}

/**
 * @internal The shared N-d convolution (N = 1 or 2) as im2col + one matmul per group, with the op name used
 * in error messages (layers pass their own description). 1-D inputs run as 2-D images of height 1, so both
 * share the fused `unfold` kernel and its adjoint `fold`; with one group, unfold and matmul are one fused op
 * (`unfoldMatmul`), so the columns are never a tensor.
 */
export function convNd(op: string, nd: 1 | 2, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions): Tensor {
  const [xb, isBatched] = batched(op, x, nd, LAYOUT[nd]);
  if (!(weight instanceof Tensor)) throw new ValueError(`${op}: weight must be a Tensor, got ${describe(weight)}`);
  if (weight.ndim !== nd + 2) throw new ShapeError(`${op}: weight must be ${nd + 2}-D ${KERNEL[nd]}, got shape ${fmtShape(weight.shape)}`);
  const groups = opts.groups ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${describe(groups)}`);
  const [n, c] = xb.shape as [number, number];
  const [o, cg] = weight.shape as [number, number];
  if (c % groups !== 0 || o % groups !== 0) {
    throw new ShapeError(`${op}: groups=${groups} must divide the input channels (${c}, x ${fmtShape(x.shape)}) and the output channels (${o}, weight ${fmtShape(weight.shape)})`);
  }
  if (cg * groups !== c) {
    throw new ShapeError(`${op}: given groups=${groups}, weight ${fmtShape(weight.shape)} expects ${cg * groups} input channels, but x ${fmtShape(x.shape)} has ${c}`);
  }
  if (bias != null && (!(bias instanceof Tensor) || bias.ndim !== 1 || bias.shape[0] !== o)) {
    const got = bias instanceof Tensor ? `shape ${fmtShape(bias.shape)}` : describe(bias);
    throw new ShapeError(`${op}: bias must be 1-D [${o}] to match weight ${fmtShape(weight.shape)}, got ${got}`);
  }
  const k = weight.shape.slice(2);
  const stride = spatial(op, 'stride', opts.stride ?? 1, nd, 1);
  const dilation = spatial(op, 'dilation', opts.dilation ?? 1, nd, 1);
  const pad = paddings(op, opts.padding, k, stride, dilation);
  const outSpatial = windowGrid(op, x, k, stride, pad, dilation);
  // Lift 1-D to 2-D: a height-1 image, kernel and window with 1s (and no padding) along the new axis.
  const lift = <T>(v: T[], one: T): T[] => (nd === 1 ? [one, ...v] : v);
  let x4 = nd === 1 ? xb.unsqueeze(2) : xb;
  const p4 = lift(pad, [0, 0] as [number, number]);
  // Asymmetric ('same' with an even span) padding: the extra zero goes at the end, padded explicitly.
  if (p4.some(([lo, hi]) => lo !== hi)) x4 = x4.pad([[0, 0], [0, 0], ...p4.map(([lo, hi]): [number, number] => [0, hi - lo])]);
  const k2 = lift(k, 1) as [number, number];
  const win = {
    stride: lift(stride, 1) as [number, number],
    padding: p4.map(([lo]) => lo) as [number, number],
    dilation: lift(dilation, 1) as [number, number],
  };
  const rows = cg * k.reduce((a, b) => a * b, 1);
  let out: Tensor;
  if (groups === 1) {
    out = unfoldMatmul(x4, weight.reshape([o, rows]), k2, win);
  } else {
    // Per group g: weight_g [o/g, cg*kh*kw] @ cols_g [cg*kh*kw, L]; channel rows of one group are contiguous.
    const cols = unfold(x4, k2, win);
    const blocks = cols.shape[2]!;
    out = weight.reshape([groups, o / groups, rows]).matmul(cols.reshape([n, groups, rows, blocks])).reshape([n, o, blocks]);
  }
  let y = out.reshape([n, o, ...outSpatial]);
  if (bias != null) y = y.add(bias.reshape([o, ...outSpatial.map(() => 1)]));
  return isBatched ? y : y.squeeze(0);
}
