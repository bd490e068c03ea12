import { ShapeError, ValueError, describe, fmtShape, tensor, type Tensor } from '@nabla/autograd';
import { floatArg } from '../check.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';

/**
 * Resampling as linear maps: along one axis every mode here (nearest, linear, cubic, area/adaptive average) is
 * a fixed [out, in] matrix M, and an image is resampled by M_h x M_w^T. Matmuls make them exact, batched and
 * differentiable (their vjps are the transposed maps) with no kernel of their own.
 */
type Row = [number, number][]; // (input index, weight) pairs

function toMatrix(rows: Row[], n: number, like: Tensor): Tensor {
  const m = new Float64Array(rows.length * n);
  rows.forEach((r, i) => { for (const [j, w] of r) m[i * n + j] = m[i * n + j]! + w; });
  return tensor(m, { shape: [rows.length, n] }).astype(like.dtype);
}

/** PyTorch's adaptive pooling bins: output i averages inputs floor(i n / out) .. ceil((i + 1) n / out) - 1. */
function adaptiveRows(n: number, out: number): Row[] {
  return Array.from({ length: out }, (_, i) => {
    const lo = Math.floor((i * n) / out);
    const hi = Math.ceil(((i + 1) * n) / out);
    return Array.from({ length: hi - lo }, (_, k): [number, number] => [lo + k, 1 / (hi - lo)]);
  });
}

/** Applies one matrix per trailing spatial axis (1 or 2 of them). */
function applyAxes(x: Tensor, mats: Tensor[]): Tensor {
  if (mats.length === 1) return x.matmul(mats[0]!.transpose(0, 1));
  return mats[0]!.matmul(x).matmul(mats[1]!.transpose(0, 1));
}

function outputSizes(op: string, x: Tensor, outputSize: unknown, nd: number): number[] {
  const sizes = typeof outputSize === 'number' || outputSize === null ? new Array<unknown>(nd).fill(outputSize) : outputSize;
  const ok = Array.isArray(sizes) && sizes.length === nd && sizes.every((s) => s === null || (typeof s === 'number' && Number.isInteger(s) && s >= 1));
  if (!ok) throw new ValueError(`${op}: outputSize must be an integer >= 1 (or null to keep the input size)${nd > 1 ? ` or ${nd} of them` : ''}, got ${describe(outputSize)}`);
  return (sizes as (number | null)[]).map((s, i) => s ?? x.shape[x.ndim - nd + i]!);
}

function adaptiveAvgPool(op: string, nd: 1 | 2, x: Tensor, outputSize: unknown): Tensor {
  floatArg(op, 'x', x);
  if (x.ndim !== nd + 1 && x.ndim !== nd + 2) {
    throw new ShapeError(`${op}: x must be ${nd + 2}-D ${nd === 1 ? '[N, C, L]' : '[N, C, H, W]'} or ${nd + 1}-D without the batch axis, got shape ${fmtShape(x.shape)}`);
  }
  const out = outputSizes(op, x, outputSize, nd);
  const ins = x.shape.slice(x.ndim - nd);
  if (ins.some((n) => n === 0)) throw new ShapeError(`${op}: cannot pool an empty spatial axis of x ${fmtShape(x.shape)}`);
  return applyAxes(x, out.map((o, i) => toMatrix(adaptiveRows(ins[i]!, o), ins[i]!, x)));
}

/**
 * Adaptive average pooling to a fixed output length (PyTorch's F.adaptive_avg_pool1d): x [N, C, L] -> [N, C, out],
 * output i averaging inputs floor(i L / out) .. ceil((i + 1) L / out) - 1.
 * @example adaptiveAvgPool1d(x, 1) // global average: [N, C, L] -> [N, C, 1]
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number): Tensor {
  return adaptiveAvgPool('adaptiveAvgPool1d', 1, x, outputSize);
}

/**
 * Adaptive average pooling to a fixed output size (PyTorch's F.adaptive_avg_pool2d): x [N, C, H, W] ->
 * [N, C, oh, ow]; null in outputSize keeps that axis.
 * @example adaptiveAvgPool2d(x, [1, 1]) // global average pooling
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  return adaptiveAvgPool('adaptiveAvgPool2d', 2, x, outputSize);
}

/** Options of `interpolate` (PyTorch's, camelCase). */
export interface InterpolateOptions {
  /** Output spatial size (one number for all axes), or give scaleFactor. */
  size?: number | readonly number[] | null;
  /** Multiplier of each spatial size (output floor(in * scaleFactor)). */
  scaleFactor?: number | readonly number[] | null;
  /** 'nearest' (default), 'linear' (3-D), 'bilinear' and 'bicubic' (4-D), 'area' (adaptive average). */
  mode?: 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'area';
  /** For linear modes: align the corner pixels' centres instead of their edges (default false). */
  alignCorners?: boolean | null;
}

const KEYS = keysOf<InterpolateOptions>({ size: true, scaleFactor: true, mode: true, alignCorners: true });
const MODES = ['nearest', 'linear', 'bilinear', 'bicubic', 'area'] as const;

const cubic1 = (t: number, a: number) => ((a + 2) * t - (a + 3)) * t * t + 1; // |t| <= 1
const cubic2 = (t: number, a: number) => ((a * t - 5 * a) * t + 8 * a) * t - 4 * a; // 1 < |t| < 2

/** One axis of `interpolate`: the [out, in] rows of PyTorch's index and weight formulas. */
function interpRows(mode: string, n: number, out: number, scale: number | null, align: boolean): Row[] {
  // PyTorch's area_pixel_compute_scale: (in - 1) / (out - 1) aligned, else 1 / scaleFactor when given, else in / out.
  const ratio = align ? (out > 1 ? (n - 1) / (out - 1) : 0) : scale !== null ? 1 / scale : n / out;
  const clampI = (i: number) => Math.min(Math.max(i, 0), n - 1);
  return Array.from({ length: out }, (_, d): Row => {
    if (mode === 'nearest') return [[Math.min(Math.floor(d * (scale !== null ? 1 / scale : n / out)), n - 1), 1]];
    const raw = align ? d * ratio : (d + 0.5) * ratio - 0.5;
    if (mode === 'bicubic') {
      const f = Math.floor(raw);
      const t = raw - f;
      const a = -0.75;
      const w = [cubic2(t + 1, a), cubic1(t, a), cubic1(1 - t, a), cubic2(2 - t, a)];
      return w.map((wk, k): [number, number] => [clampI(f - 1 + k), wk]);
    }
    const src = Math.max(raw, 0); // linear clamps negative source coordinates to 0, as PyTorch
    const i0 = Math.min(Math.floor(src), n - 1);
    const i1 = Math.min(i0 + 1, n - 1);
    const l1 = src - i0;
    return [[i0, 1 - l1], [i1, l1]];
  });
}

/**
 * Resizes x [N, C, L] or [N, C, H, W] (PyTorch's F.interpolate) to `size` or by `scaleFactor`, with PyTorch's
 * index formulas per mode: 'nearest' (floor), 'linear'/'bilinear' (half-pixel centres, or alignCorners),
 * 'bicubic' (Keys cubic, a = -0.75, edges clamped) and 'area' (adaptive average pooling).
 * @example interpolate(x, { scaleFactor: 2, mode: 'bilinear' }) // [1, 3, 8, 8] -> [1, 3, 16, 16]
 */
export function interpolate(x: Tensor, opts?: InterpolateOptions): Tensor {
  const op = 'interpolate';
  const o = checkOptionKeys(op, opts, KEYS);
  floatArg(op, 'x', x);
  const mode = o.mode ?? 'nearest';
  if (!MODES.includes(mode)) throw new ValueError(`${op}: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${describe(o.mode)}`);
  const nd = x.ndim - 2;
  const wantNd = mode === 'linear' ? [1] : mode === 'bilinear' || mode === 'bicubic' ? [2] : [1, 2];
  if (!wantNd.includes(nd)) throw new ShapeError(`${op}: mode '${mode}' expects ${wantNd.map((d) => `${d + 2}-D`).join(' or ')} input [N, C, ${wantNd.includes(1) && !wantNd.includes(2) ? 'L' : 'H, W'}], got ${fmtShape(x.shape)}`);
  const align = o.alignCorners ?? false;
  if (typeof align !== 'boolean') throw new ValueError(`${op}: alignCorners must be a boolean, got ${describe(o.alignCorners)}`);
  if (o.alignCorners != null && (mode === 'nearest' || mode === 'area')) throw new ValueError(`${op}: alignCorners applies only to 'linear', 'bilinear' and 'bicubic', not '${mode}'`);
  if ((o.size == null) === (o.scaleFactor == null)) throw new ValueError(`${op}: give exactly one of size and scaleFactor`);
  const ins = x.shape.slice(2);
  const perAxis = (v: unknown, name: string, int: boolean): number[] => {
    const a = typeof v === 'number' ? new Array<number>(nd).fill(v) : v;
    if (!Array.isArray(a) || a.length !== nd || !a.every((s) => typeof s === 'number' && Number.isFinite(s) && s > 0 && (!int || Number.isInteger(s)))) {
      throw new ValueError(`${op}: ${name} must be ${int ? 'an integer >= 1' : 'a positive number'} or ${nd} of them, got ${describe(v)}`);
    }
    return a as number[];
  };
  const scales = o.scaleFactor != null ? perAxis(o.scaleFactor, 'scaleFactor', false) : null;
  const outs = scales ? ins.map((n, i) => Math.floor(n * scales[i]!)) : perAxis(o.size, 'size', true);
  if (outs.some((d) => d < 1) || ins.some((d) => d < 1)) throw new ShapeError(`${op}: input ${fmtShape(x.shape)} and output size ${fmtShape(outs)} must have no empty spatial axis`);
  const mats = ins.map((n, i) => {
    const rows = mode === 'area' ? adaptiveRows(n, outs[i]!) : interpRows(mode, n, outs[i]!, scales ? scales[i]! : null, align);
    return toMatrix(rows, n, x);
  });
  return applyAxes(x, mats);
}
