import { ShapeError, Tensor, ValueError, describe, fmtShape, fold } from '@nabla/autograd';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { batched, spatial, type SpatialSize } from './window.js';

/** Options of `convTranspose1d` and `convTranspose2d` (PyTorch's, camelCase). */
export interface ConvTransposeOptions {
  /** Step of the underlying convolution (default 1). */
  stride?: SpatialSize;
  /** dilation * (k - 1) - padding zeros are added to both sides of the input in effect (default 0). */
  padding?: SpatialSize;
  /** Extra size added to one side of the output, to pick among the sizes a strided conv maps to the same input (default 0). */
  outputPadding?: SpatialSize;
  /** Independent channel groups (default 1). */
  groups?: number;
  /** Spacing between kernel taps (default 1). */
  dilation?: SpatialSize;
}

export const CONV_TRANSPOSE_KEYS = keysOf<ConvTransposeOptions>({ stride: true, padding: true, outputPadding: true, groups: true, dilation: true });
const LAYOUT = { 1: '[N, C, L]', 2: '[N, C, H, W]' } as const;
const KERNEL = { 1: '[in, out/groups, k]', 2: '[in, out/groups, kh, kw]' } as const;

/**
 * @internal The transposed convolution (the adjoint of conv with the same geometry), N = 1 or 2: every input
 * pixel scatters weight-scaled copies of the kernel into the output. Computed as cols = W^T x per group, then
 * `fold` (col2im) onto the full canvas (H - 1) s + d (k - 1) + 1, cropped by padding and extended by
 * outputPadding: out = (H - 1) s - 2 p + d (k - 1) + outputPadding + 1.
 */
export function convTransposeNd(op: string, nd: 1 | 2, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvTransposeOptions | undefined): Tensor {
  const o = checkOptionKeys(op.replace(/\(.*$/, ''), opts, CONV_TRANSPOSE_KEYS);
  const [xb, isBatched] = batched(op, x, nd, LAYOUT[nd]);
  if (!(weight instanceof Tensor)) throw new ValueError(`${op}: weight must be a Tensor, got ${describe(weight)}`);
  if (weight.ndim !== nd + 2) throw new ShapeError(`${op}: weight must be ${nd + 2}-D ${KERNEL[nd]}, got shape ${fmtShape(weight.shape)}`);
  const groups = o.groups ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${describe(groups)}`);
  const [n, c] = xb.shape as [number, number];
  const [wc, og] = weight.shape as [number, number];
  if (wc !== c || c % groups !== 0) {
    throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} expects ${wc} input channels (divisible by groups=${groups}), but x ${fmtShape(x.shape)} has ${c}`);
  }
  const outC = og * groups;
  if (bias != null && (!(bias instanceof Tensor) || bias.ndim !== 1 || bias.shape[0] !== outC)) {
    const got = bias instanceof Tensor ? `shape ${fmtShape(bias.shape)}` : describe(bias);
    throw new ShapeError(`${op}: bias must be 1-D [${outC}] to match weight ${fmtShape(weight.shape)} and groups=${groups}, got ${got}`);
  }
  const k = weight.shape.slice(2);
  const stride = spatial(op, 'stride', o.stride ?? 1, nd, 1);
  const pad = spatial(op, 'padding', o.padding ?? 0, nd, 0);
  const outPad = spatial(op, 'outputPadding', o.outputPadding ?? 0, nd, 0);
  const dilation = spatial(op, 'dilation', o.dilation ?? 1, nd, 1);
  outPad.forEach((p, i) => {
    if (p >= Math.max(stride[i]!, dilation[i]!)) throw new ValueError(`${op}: outputPadding ${fmtShape(outPad)} must be smaller than stride ${fmtShape(stride)} or dilation ${fmtShape(dilation)}`);
  });
  const inS = xb.shape.slice(2);
  const canvas = inS.map((h, i) => (h - 1) * stride[i]! + dilation[i]! * (k[i]! - 1) + 1);
  const outS = canvas.map((full, i) => full - 2 * pad[i]! + outPad[i]!);
  if (outS.some((d) => d < 1)) throw new ShapeError(`${op}: output size ${fmtShape(outS)} is not positive for x ${fmtShape(x.shape)}, kernel ${fmtShape(k)}, stride ${fmtShape(stride)}, padding ${fmtShape(pad)}`);
  const taps = k.reduce((a, b) => a * b, 1);
  const cg = c / groups;
  const len = inS.reduce((a, b) => a * b, 1);
  // cols_g = W_g^T x_g: [og * taps, cg] @ [cg, L] per group.
  const cols = groups === 1
    ? weight.reshape([c, og * taps]).transpose(0, 1).matmul(xb.reshape([n, c, len]))
    : weight.reshape([groups, cg, og * taps]).transpose(1, 2).matmul(xb.reshape([n, groups, cg, len])).reshape([n, groups * og * taps, len]);
  const lift = (v: number[], one: number): [number, number] => (nd === 1 ? [one, v[0]!] : [v[0]!, v[1]!]);
  const full = fold(cols, lift(canvas, 1), lift(k, 1), { stride: lift(stride, 1), dilation: lift(dilation, 1) });
  // Crop `padding` from both ends, then extend the end by outputPadding (zeros where the canvas stops).
  const spatialAxes = nd === 1 ? [3] : [2, 3];
  let y = full;
  spatialAxes.forEach((axis, i) => {
    const lo = pad[i]!;
    const hi = Math.min(canvas[i]!, lo + outS[i]!);
    const ranges: ([number, number] | [])[] = [[], [], [], []];
    ranges[axis] = [lo, hi];
    y = y.slice(ranges);
    const extra = outS[i]! - (hi - lo);
    if (extra > 0) {
      const widths: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
      widths[axis] = [0, extra];
      y = y.pad(widths);
    }
  });
  let out = nd === 1 ? y.squeeze(2) : y;
  if (bias != null) out = out.add(bias.reshape([outC, ...outS.map(() => 1)]));
  return isBatched ? out : out.squeeze(0);
}

/**
 * 2-D transposed convolution (PyTorch's conv_transpose2d, the gradient of conv2d): x [N, C_in, H, W] (or
 * unbatched), weight [C_in, C_out / groups, kh, kw], bias [C_out]; out size (H - 1) s - 2 p + d (k - 1) +
 * outputPadding + 1 per axis.
 * @example convTranspose2d(x, w, null, { stride: 2 }) // [1, 4, 5, 5] with w [4, 2, 3, 3] -> [1, 2, 11, 11]
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvTransposeOptions): Tensor {
  return convTransposeNd('convTranspose2d', 2, x, weight, bias, opts);
}

/**
 * 1-D transposed convolution (PyTorch's conv_transpose1d): x [N, C_in, L], weight [C_in, C_out / groups, k].
 * @example convTranspose1d(x, w, b, { stride: 2, outputPadding: 1 }) // [2, 3, 5] with w [3, 4, 3] -> [2, 4, 12]
 */
export function convTranspose1d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvTransposeOptions): Tensor {
  return convTransposeNd('convTranspose1d', 1, x, weight, bias, opts);
}
