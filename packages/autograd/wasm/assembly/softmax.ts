// logsumexp and (log-)softmax of a contiguous [outer, r, inner] array over r, in f64 as the TypeScript kernel
// computes them: m = slice max (NaN wins), s = sum of exp(x - m) in k order, then m + log(s), x - (m + log s) or
// exp(x - m) / s. exp and log are AssemblyScript's musl ports, so float64 agrees with V8's fdlibm to round-off.
// The sign of a zero m never matters here (x - m and m + log s, with s >= 1, come out the same), so the max
// may take v128 lanes in any order.
import { MAX, accumulateRow, fillF64, ld, rowExtreme, toOut } from './reduce-common';

/** m[i] = max over k of x[o, k, i] into m (inner f64 slots), NaN winning. */
@inline function blockMax<T>(p: usize, r: i32, inner: i32, m: usize): void {
  const rowBytes = <usize>inner * <usize>sizeof<T>();
  fillF64(m, inner, -Infinity);
  for (let k = 0; k < r; k++) accumulateRow<T>(MAX, m, p + <usize>k * rowBytes, inner);
}

function logsumexp<T>(px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize): void {
  const B = <usize>sizeof<T>();
  const rowBytes = <usize>inner * B;
  for (let o = 0; o < outer; o++) {
    const p = px + <usize>o * <usize>r * rowBytes;
    const d = po + <usize>o * rowBytes;
    if (inner == 1) {
      const m = rowExtreme<T>(MAX, p, r);
      let s = 0.0;
      if (isFinite(m)) for (let k = 0; k < r; k++) s += Math.exp(ld<T>(p + <usize>k * B) - m);
      store<T>(d, toOut<T>(isFinite(m) ? m + Math.log(s) : m));
      continue;
    }
    blockMax<T>(p, r, inner, pm);
    fillF64(ps, inner, 0);
    for (let k = 0; k < r; k++) {
      const row = p + <usize>k * rowBytes;
      for (let i = 0; i < inner; i++) {
        const a = ps + (<usize>i << 3);
        store<f64>(a, load<f64>(a) + Math.exp(ld<T>(row + <usize>i * B) - load<f64>(pm + (<usize>i << 3))));
      }
    }
    for (let i = 0; i < inner; i++) {
      const m = load<f64>(pm + (<usize>i << 3));
      store<T>(d + <usize>i * B, toOut<T>(isFinite(m) ? m + Math.log(load<f64>(ps + (<usize>i << 3))) : m));
    }
  }
}

export function logsumexp_f32(px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize): void { logsumexp<f32>(px, outer, r, inner, po, pm, ps); }
export function logsumexp_f64(px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize): void { logsumexp<f64>(px, outer, r, inner, po, pm, ps); }
export function logsumexp_i32(px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize): void { logsumexp<i32>(px, outer, r, inner, po, pm, ps); }

/**
 * Softmax (log-softmax when `log` is 1) over r. pm, ps: inner f64 slots each; pe: r * inner f64 slots holding
 * exp(x - m) of one outer block until the divide, so float32 output is rounded once, from the f64 quotient.
 */
@inline function softmaxOf<T>(log: bool, px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize, pe: usize): void {
  const B = <usize>sizeof<T>();
  const rowBytes = <usize>inner * B;
  for (let o = 0; o < outer; o++) {
    const p = px + <usize>o * <usize>r * rowBytes;
    const d = po + <usize>o * <usize>r * rowBytes;
    if (inner == 1) {
      const m = rowExtreme<T>(MAX, p, r);
      let s = 0.0;
      for (let k = 0; k < r; k++) {
        const e = Math.exp(ld<T>(p + <usize>k * B) - m);
        if (!log) store<f64>(pe + (<usize>k << 3), e);
        s += e;
      }
      if (log) {
        const t = m + Math.log(s);
        for (let k = 0; k < r; k++) store<T>(d + <usize>k * B, toOut<T>(ld<T>(p + <usize>k * B) - t));
      } else {
        for (let k = 0; k < r; k++) store<T>(d + <usize>k * B, toOut<T>(load<f64>(pe + (<usize>k << 3)) / s));
      }
      continue;
    }
    blockMax<T>(p, r, inner, pm);
    fillF64(ps, inner, 0);
    for (let k = 0; k < r; k++) {
      const row = p + <usize>k * rowBytes;
      const er = pe + (<usize>k * <usize>inner << 3);
      for (let i = 0; i < inner; i++) {
        const a = ps + (<usize>i << 3);
        const e = Math.exp(ld<T>(row + <usize>i * B) - load<f64>(pm + (<usize>i << 3)));
        if (!log) store<f64>(er + (<usize>i << 3), e);
        store<f64>(a, load<f64>(a) + e);
      }
    }
    if (log) {
      for (let i = 0; i < inner; i++) {
        const a = ps + (<usize>i << 3);
        store<f64>(a, load<f64>(pm + (<usize>i << 3)) + Math.log(load<f64>(a)));
      }
    }
    for (let k = 0; k < r; k++) {
      const row = p + <usize>k * rowBytes;
      const out = d + <usize>k * rowBytes;
      const er = pe + (<usize>k * <usize>inner << 3);
      for (let i = 0; i < inner; i++) {
        const s = load<f64>(ps + (<usize>i << 3));
        const v = log ? ld<T>(row + <usize>i * B) - s : load<f64>(er + (<usize>i << 3)) / s;
        store<T>(out + <usize>i * B, toOut<T>(v));
      }
    }
  }
}

function softmax<T>(log: i32, px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize, pe: usize): void {
  if (log != 0) softmaxOf<T>(true, px, outer, r, inner, po, pm, ps, pe);
  else softmaxOf<T>(false, px, outer, r, inner, po, pm, ps, pe);
}

export function softmax_f32(log: i32, px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize, pe: usize): void { softmax<f32>(log, px, outer, r, inner, po, pm, ps, pe); }
export function softmax_f64(log: i32, px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize, pe: usize): void { softmax<f64>(log, px, outer, r, inner, po, pm, ps, pe); }
export function softmax_i32(log: i32, px: usize, outer: i32, r: i32, inner: i32, po: usize, pm: usize, ps: usize, pe: usize): void { softmax<i32>(log, px, outer, r, inner, po, pm, ps, pe); }
