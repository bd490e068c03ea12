import { ShapeError, Tensor, ValueError, arange, describe, fmtShape } from '@nabla/autograd';
import { options } from '../check.js';
import type { ConvOptions } from './conv.js';
import { convNd } from './conv-nd.js';
import { batched, spatial, windowGrid } from './window.js';

/** @internal Option names of conv3d. */
export const CONV3D_KEYS = ['stride', 'padding', 'dilation', 'groups'];

function pads3(op: string, padding: unknown, k: number[], stride: number[], dilation: number[]): [number, number][] {
  if (padding === 'valid') return [[0, 0], [0, 0], [0, 0]];
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new ValueError(`${op}: padding='same' is not supported for strided convolutions (stride ${fmtShape(stride)})`);
    return k.map((kk, i) => {
      const total = dilation[i]! * (kk - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)] as [number, number];
    });
  }
  if (typeof padding === 'string') throw new ValueError(`${op}: padding must be a number, a tuple, 'valid' or 'same', got ${describe(padding)}`);
  return spatial(op, 'padding', padding ?? 0, 3, 0).map((p) => [p, p] as [number, number]);
}

/**
 * @internal conv3d under a given op name (the layer passes its description): one 2-D convolution per depth
 * tap of the kernel over the matching input depth slices (stacked into the batch), summed.
 */
export function conv3dNamed(op: string, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions): Tensor {
  const [x5, isBatched] = batched(op, x, 3, '[N, C, D, H, W]');
  if (!(weight instanceof Tensor)) throw new ValueError(`${op}: weight must be a Tensor, got ${describe(weight)}`);
  if (weight.ndim !== 5) throw new ShapeError(`${op}: weight must be 5-D [out, in/groups, kd, kh, kw], got shape ${fmtShape(weight.shape)}`);
  const groups = opts.groups ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${describe(groups)}`);
  const [n, c] = x5.shape as [number, number];
  const [o, cg] = weight.shape as [number, number];
  if (c % groups !== 0 || o % groups !== 0 || cg * groups !== c) {
    throw new ShapeError(`${op}: given groups=${groups}, weight ${fmtShape(weight.shape)} expects ${cg * groups} input channels (and ${groups} to divide ${o} outputs), but x ${fmtShape(x.shape)} has ${c}`);
  }
  if (bias != null && (!(bias instanceof Tensor) || bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new ShapeError(`${op}: bias must be 1-D [${o}] to match weight ${fmtShape(weight.shape)}, got ${bias instanceof Tensor ? `shape ${fmtShape(bias.shape)}` : describe(bias)}`);
  }
  const k = weight.shape.slice(2);
  const stride = spatial(op, 'stride', opts.stride ?? 1, 3, 1);
  const dilation = spatial(op, 'dilation', opts.dilation ?? 1, 3, 1);
  const pad = pads3(op, opts.padding, k, stride, dilation);
  const [od, oh, ow] = windowGrid(op, x, k, stride, pad, dilation) as [number, number, number];
  const xp = pad.some(([a, b]) => a + b > 0) ? x5.pad([[0, 0], [0, 0], ...pad]) : x5;
  const [, , , hp, wp] = xp.shape as number[];
  let sum: Tensor | null = null;
  for (let p = 0; p < k[0]!; p++) {
    const depth = arange(od, undefined, undefined, { dtype: 'int32' }).mul(stride[0]!).add(p * dilation[0]!);
    const slices = xp.indexSelect(2, depth).permute(0, 2, 1, 3, 4).reshape([n * od, c, hp!, wp!]);
    const y = convNd(op, 2, slices, weight.select(2, p), null, { stride: stride.slice(1), dilation: dilation.slice(1), groups });
    sum = sum === null ? y : sum.add(y);
  }
  let out = sum!.reshape([n, od, o, oh, ow]).permute(0, 2, 1, 3, 4);
  if (bias != null) out = out.add(bias.reshape([o, 1, 1, 1]));
  return isBatched ? out : out.squeeze(0);
}

/**
 * 3-D cross-correlation (PyTorch's conv3d): x [N, C, D, H, W] (or without N), weight [O, C/groups, kd, kh, kw],
 * bias [O]; stride, padding ('valid', 'same' or per axis), dilation and groups as conv2d.
 * @example conv3d(x, w, b, { padding: 1 }) // [1, 2, 4, 8, 8] with w [6, 2, 3, 3, 3] -> [1, 6, 4, 8, 8]
 */
export function conv3d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return conv3dNamed('conv3d', x, weight, bias, options('conv3d', opts, CONV3D_KEYS));
}
