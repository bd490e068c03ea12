// Fused scaled dot-product attention for one batch element (the TypeScript driver loops over the batch):
// q [l, e], k [s, e], v [s, ev] contiguous; mask (when hasMask) an additive view with strides (msl, msj) in
// elements. Query i sees keys j < jEnd = causal ? min(s, i + 1) : s. With v (hasV), out [l, ev] is
// softmax(s) v in one pass over the keys (online softmax: running max m and sum z; a larger score rescales z
// and the f64 accumulator by exp(m_old - m_new), once per block of four keys); without, out [l, s] holds the probabilities. The dot
// products q_i . k_j take v128 lanes (f32x4 in float32, f64x2 in float64); the softmax and the accumulator are
// f64 as in the TypeScript kernel. `pacc` is f64 scratch of max(ev, s) elements.

/** q_i . k_j over e elements of T, in v128 lanes then a scalar tail. */
@inline function dot<T>(pq: usize, pk: usize, e: i32): f64 {
  let t = 0;
  let sum = 0.0;
  if (sizeof<T>() == 4) {
    let acc = f32x4.splat(0);
    for (; t + 4 <= e; t += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(pq + (<usize>t << 2)), v128.load(pk + (<usize>t << 2))));
    sum = <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; t < e; t++) sum += <f64>(load<f32>(pq + (<usize>t << 2)) * load<f32>(pk + (<usize>t << 2)));
  } else {
    let acc = f64x2.splat(0);
    for (; t + 2 <= e; t += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(pq + (<usize>t << 3)), v128.load(pk + (<usize>t << 3))));
    sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; t < e; t++) sum += load<f64>(pq + (<usize>t << 3)) * load<f64>(pk + (<usize>t << 3));
  }
  return sum;
}

/** acc[t] = acc[t] * c + p * v[t] for t < ev (acc f64, v of T). */
@inline function axpy<T>(pacc: usize, c: f64, p: f64, pv: usize, ev: i32): void {
  const vc = f64x2.splat(c);
  const vp = f64x2.splat(p);
  let t = 0;
  for (; t + 2 <= ev; t += 2) {
    const a = pacc + (<usize>t << 3);
    const x = sizeof<T>() == 4 ? f64x2.promote_low_f32x4(v128.load64_zero(pv + (<usize>t << 2))) : v128.load(pv + (<usize>t << 3));
    v128.store(a, f64x2.add(f64x2.mul(v128.load(a), vc), f64x2.mul(vp, x)));
  }
  for (; t < ev; t++) {
    const a = pacc + (<usize>t << 3);
    store<f64>(a, load<f64>(a) * c + p * <f64>load<T>(pv + <usize>t * sizeof<T>()));
  }
}

/** acc[t] = acc[t] * c + p0 v0[t] + p1 v1[t] + p2 v2[t] + p3 v3[t] (rows of v `stride` bytes apart). */
@inline function axpy4<T>(pacc: usize, c: f64, p0: f64, p1: f64, p2: f64, p3: f64, pv: usize, stride: usize, ev: i32): void {
  const vc = f64x2.splat(c);
  const w0 = f64x2.splat(p0), w1 = f64x2.splat(p1), w2 = f64x2.splat(p2), w3 = f64x2.splat(p3);
  let t = 0;
  for (; t + 2 <= ev; t += 2) {
    const a = pacc + (<usize>t << 3);
    let r = f64x2.mul(v128.load(a), vc);
    r = f64x2.add(r, f64x2.mul(w0, load2<T>(pv, t)));
    r = f64x2.add(r, f64x2.mul(w1, load2<T>(pv + stride, t)));
    r = f64x2.add(r, f64x2.mul(w2, load2<T>(pv + 2 * stride, t)));
    r = f64x2.add(r, f64x2.mul(w3, load2<T>(pv + 3 * stride, t)));
    v128.store(a, r);
  }
  const B = <usize>sizeof<T>();
  for (; t < ev; t++) {
    const a = pacc + (<usize>t << 3);
    const o = <usize>t * B;
    store<f64>(a, load<f64>(a) * c + p0 * <f64>load<T>(pv + o) + p1 * <f64>load<T>(pv + stride + o) + p2 * <f64>load<T>(pv + 2 * stride + o) + p3 * <f64>load<T>(pv + 3 * stride + o));
  }
}

/** Elements t, t + 1 of a row of T at p, as f64 lanes. */
@inline function load2<T>(p: usize, t: i32): v128 {
  return sizeof<T>() == 4 ? f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>t << 2))) : v128.load(p + (<usize>t << 3));
}

function attention<T>(
  pq: usize, pk: usize, pv: usize, hasV: i32, pm: usize, hasMask: i32, msl: i32, msj: i32,
  l: i32, s: i32, e: i32, ev: i32, scale: f64, causal: i32, po: usize, pacc: usize,
): void {
  const B = <usize>sizeof<T>();
  const width = hasV ? ev : s;
  for (let i = 0; i < l; i++) {
    const qi = pq + <usize>i * <usize>e * B;
    const jEnd = causal ? min(s, i + 1) : s;
    const mi = pm + <usize>(i * msl) * B;
    const o = po + <usize>i * <usize>width * B;
    if (hasV) {
      let m = -Infinity;
      let z = 0.0;
      memory.fill(pacc, 0, <usize>ev << 3);
      let j = 0;
      // Four keys at a time: one rescale and one pass over the accumulator per block instead of per key.
      for (; j + 4 <= jEnd; j += 4) {
        const kj = pk + <usize>j * <usize>e * B;
        const kb = <usize>e * B;
        let s0 = dot<T>(qi, kj, e) * scale;
        let s1 = dot<T>(qi, kj + kb, e) * scale;
        let s2 = dot<T>(qi, kj + 2 * kb, e) * scale;
        let s3 = dot<T>(qi, kj + 3 * kb, e) * scale;
        if (hasMask) {
          const mj = mi + <usize>(j * msj) * B;
          const mb = <usize>msj * B;
          s0 += <f64>load<T>(mj);
          s1 += <f64>load<T>(mj + mb);
          s2 += <f64>load<T>(mj + 2 * mb);
          s3 += <f64>load<T>(mj + 3 * mb);
        }
        let bm = m;
        if (s0 > bm) bm = s0;
        if (s1 > bm) bm = s1;
        if (s2 > bm) bm = s2;
        if (s3 > bm) bm = s3;
        // All four hidden and nothing seen yet: they add nothing (a NaN score must still poison the row).
        if (bm == -Infinity && s0 == s0 && s1 == s1 && s2 == s2 && s3 == s3) continue;
        const c = bm > m ? Math.exp(m - bm) : 1.0;
        m = bm;
        // exp(-inf - m) is 0 for a hidden key once m is finite or +inf.
        const p0 = Math.exp(s0 - m), p1 = Math.exp(s1 - m), p2 = Math.exp(s2 - m), p3 = Math.exp(s3 - m);
        z = z * c + p0 + p1 + p2 + p3;
        axpy4<T>(pacc, c, p0, p1, p2, p3, pv + <usize>j * <usize>ev * B, <usize>ev * B, ev);
      }
      for (; j < jEnd; j++) {
        let sc = dot<T>(qi, pk + <usize>j * <usize>e * B, e) * scale;
        if (hasMask) sc += <f64>load<T>(mi + <usize>(j * msj) * B);
        // A hidden key adds nothing; skipping it also avoids exp(-inf - -inf) = NaN while m is still -inf.
        if (sc == -Infinity) continue;
        let c = 1.0;
        if (sc > m) {
          c = Math.exp(m - sc);
          z *= c;
          m = sc;
        }
        const p = Math.exp(sc - m);
        z += p;
        axpy<T>(pacc, c, p, pv + <usize>j * <usize>ev * B, ev);
      }
      for (let t = 0; t < ev; t++) store<T>(o + <usize>t * B, <T>(load<f64>(pacc + (<usize>t << 3)) / z));
    } else {
      let m = -Infinity;
      for (let j = 0; j < jEnd; j++) {
        let sc = dot<T>(qi, pk + <usize>j * <usize>e * B, e) * scale;
        if (hasMask) sc += <f64>load<T>(mi + <usize>(j * msj) * B);
        store<f64>(pacc + (<usize>j << 3), sc);
        if (sc > m || sc != sc) m = sc;
      }
      let z = 0.0;
      for (let j = 0; j < jEnd; j++) {
        const a = pacc + (<usize>j << 3);
        const x = Math.exp(load<f64>(a) - m);
        store<f64>(a, x);
        z += x;
      }
      for (let j = 0; j < jEnd; j++) store<T>(o + <usize>j * B, <T>(load<f64>(pacc + (<usize>j << 3)) / z));
      for (let j = jEnd; j < s; j++) store<T>(o + <usize>j * B, <T>0);
    }
  }
}

export function attention_f32(
  pq: usize, pk: usize, pv: usize, hasV: i32, pm: usize, hasMask: i32, msl: i32, msj: i32,
  l: i32, s: i32, e: i32, ev: i32, scale: f64, causal: i32, po: usize, pacc: usize,
): void {
  attention<f32>(pq, pk, pv, hasV, pm, hasMask, msl, msj, l, s, e, ev, scale, causal, po, pacc);
}

export function attention_f64(
  pq: usize, pk: usize, pv: usize, hasV: i32, pm: usize, hasMask: i32, msl: i32, msj: i32,
  l: i32, s: i32, e: i32, ev: i32, scale: f64, causal: i32, po: usize, pacc: usize,
): void {
  attention<f64>(pq, pk, pv, hasV, pm, hasMask, msl, msj, l, s, e, ev, scale, causal, po, pacc);
}
