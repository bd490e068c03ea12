import { ValueError, describe, type Tensor } from '@nabla/autograd';
import { lerp } from './math.js';

/** Averages one tensor: returns the new average of `averaged` and `current` after `numAveraged` models. */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: number) => Tensor;
/** Averages many tensors at once, updating `averaged` in place (it runs under noGrad, so `mutate` works). */
export type MultiAvgFn = (averaged: Tensor[], current: Tensor[], numAveraged: number) => void;

/** @internal Applies `f(average, current)` elementwise in float64 and stores the result in `a`. */
export function mapInto(a: Tensor, c: Tensor, f: (x: number, y: number) => number): void {
  const cur = c._contiguousData();
  a.mutate((d) => {
    for (let i = 0; i < d.length; i++) d[i] = f(d[i]!, cur[i]!);
  });
}

/**
 * PyTorch's `get_swa_avg_fn`: the equal-weight running average a + (c − a)/(n + 1).
 * @example
 * new AveragedModel(model, { avgFn: getSwaAvgFn() });
 */
export const getSwaAvgFn = (): AvgFn => (a, c, n) => a.add(c.sub(a).div(n + 1));

/**
 * PyTorch's `get_ema_avg_fn`: the exponential moving average decay·a + (1 − decay)·c.
 * @example
 * new AveragedModel(model, { avgFn: getEmaAvgFn(0.99) });
 */
export function getEmaAvgFn(decay = 0.999): AvgFn {
  checkDecay('getEmaAvgFn', decay);
  return (a, c) => a.mul(decay).add(c.mul(1 - decay));
}

/**
 * PyTorch's `get_ema_multi_avg_fn`: the exponential moving average of every tensor in place, as
 * `lerp(a, c, 1 − decay)` for float tensors (a·decay + c·(1 − decay), truncated, for int32 ones).
 * @example
 * const ema = new AveragedModel(model, { multiAvgFn: getEmaMultiAvgFn(0.999) });
 */
export function getEmaMultiAvgFn(decay = 0.999): MultiAvgFn {
  checkDecay('getEmaMultiAvgFn', decay);
  return (avg, cur) => avg.forEach((a, i) => mapInto(a, cur[i]!, a.dtype === 'int32' ? (x, y) => x * decay + y * (1 - decay) : (x, y) => lerp(x, y, 1 - decay)));
}

/**
 * PyTorch's `get_swa_multi_avg_fn`: the equal-weight average of every tensor in place, as `lerp(a, c, 1/(n + 1))`
 * for float tensors (a + (c − a)/(n + 1), truncated, for int32 ones).
 * @example
 * const swa = new AveragedModel(model, { multiAvgFn: getSwaMultiAvgFn() });
 */
export const getSwaMultiAvgFn = (): MultiAvgFn => (avg, cur, n) =>
  avg.forEach((a, i) => mapInto(a, cur[i]!, a.dtype === 'int32' ? (x, y) => x + (y - x) / (n + 1) : (x, y) => lerp(x, y, 1 / (n + 1))));

function checkDecay(op: string, decay: unknown): void {
  if (typeof decay !== 'number' || !(decay >= 0 && decay <= 1)) {
    throw new ValueError(`${op}: invalid decay value ${typeof decay === 'number' ? decay : describe(decay)}; expected a value in [0, 1]`);
  }
}

