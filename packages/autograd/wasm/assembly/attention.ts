// Fused scaled dot-product attention for one batch element (the TypeScript driver loops over the batch):
// q [l, e], k [s, e], v [s, ev] contiguous; mask (when hasMask) an additive view with strides (msl, msj) in
// elements. Query i sees keys j < jEnd = causal ? min(s, i + 1) : s. With v (hasV), out [l, ev] is
// softmax(s) v in one pass over the keys (online softmax: running max m and sum z; a larger score rescales z
// and the f64 accumulator by exp(m_old - m_new)); without, out [l, s] holds the probabilities. The dot
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
      for (let j = 0; j < jEnd; j++) {
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
