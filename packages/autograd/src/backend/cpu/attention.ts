import type { TypedArray } from '../../tensor/dtype.js';
import { allocate, dtypeOfArray } from '../../tensor/dtype.js';
import type { AttentionDims, Strided } from '../backend.js';

/**
 * Fused scaled dot-product attention. For each batch b and query row i the scores are
 * s_j = scale * q_i . k_j + mask[b, i, j] over the keys j allowed (j <= i when causal, read off the indices:
 * no mask is built). With `v`, returns softmax(s) v as [batch, l, ev] in ONE pass over the keys (online
 * softmax: a running max m and sum z; when a larger score arrives the sum and the accumulator are rescaled
 * by exp(m_old - m_new), so no exp ever overflows and the scores are never stored). Without `v`, returns the
 * probabilities softmax(s) as [batch, l, s] (zeros where causal hides a key). A row with no finite score
 * gives NaN, like softmax of all -Infinity. Accumulates in float64 for float32 inputs.
 */
export function attention(
  q0: TypedArray, k0: TypedArray, v0: TypedArray | null, mask: Strided | null, dims: AttentionDims,
): TypedArray {
  // Float64Array copies keep the inner loops monomorphic (one element kind); a loop that sees both float32 and
  // float64 arrays was measured ~3x slower. The copies cost O(n e), the loops O(n l s e).
  const [q, k, v] = [f64(q0), f64(k0), v0 && f64(v0)];
  const md = mask ? f64(mask.data) : null;
  const { batch, l, s, e, ev, scale, causal } = dims;
  const nb = batch.reduce((a, d) => a * d, 1);
  const width = v ? ev : s;
  const out = allocate(dtypeOfArray(q0)!, nb * l * width);
  const acc = new Float64Array(v ? ev : s);
  const nd = batch.length;
  const counter = new Array<number>(nd).fill(0);
  let maskBase = mask ? mask.offset : 0;
  const ms = mask?.strides;
  const sl = ms ? ms[nd]! : 0;
  const sj = ms ? ms[nd + 1]! : 0;
  for (let b = 0; b < nb; b++) {
    const qb = b * l * e;
    const kb = b * s * e;
    const vb = b * s * ev;
    for (let i = 0; i < l; i++) {
      const qi = qb + i * e;
      const jEnd = causal ? Math.min(s, i + 1) : s;
      const mi = maskBase + i * sl;
      const o = (b * l + i) * width;
      if (v) {
        let m = -Infinity;
        let z = 0;
        acc.fill(0);
        for (let j = 0; j < jEnd; j++) {
          const kj = kb + j * e;
          let dot = 0;
          for (let t = 0; t < e; t++) dot += q[qi + t]! * k[kj + t]!;
          let sc = dot * scale;
          if (md) sc += md[mi + j * sj]!;
          // A hidden key adds nothing; skipping it also avoids exp(-inf - -inf) = NaN while m is still -inf.
          if (sc === -Infinity) continue;
          if (sc > m) {
            const c = Math.exp(m - sc);
            z *= c;
            for (let t = 0; t < ev; t++) acc[t]! *= c;
            m = sc;
          }
          const p = Math.exp(sc - m);
          z += p;
          const vj = vb + j * ev;
          for (let t = 0; t < ev; t++) acc[t]! += p * v[vj + t]!;
        }
        for (let t = 0; t < ev; t++) out[o + t] = acc[t]! / z;
      } else {
        let m = -Infinity;
        for (let j = 0; j < jEnd; j++) {
          const kj = kb + j * e;
          let dot = 0;
          for (let t = 0; t < e; t++) dot += q[qi + t]! * k[kj + t]!;
          let sc = dot * scale;
          if (md) sc += md[mi + j * sj]!;
          acc[j] = sc;
          if (sc > m || Number.isNaN(sc)) m = sc;
        }
        let z = 0;
        for (let j = 0; j < jEnd; j++) z += acc[j] = Math.exp(acc[j]! - m);
        for (let j = 0; j < jEnd; j++) out[o + j] = acc[j]! / z;
      }
    }
    // Odometer over the batch axes: the mask may broadcast (stride 0) along any of them.
    if (ms) {
      for (let a = nd - 1; a >= 0; a--) {
        counter[a]!++;
        maskBase += ms[a]!;
        if (counter[a]! < batch[a]!) break;
        maskBase -= counter[a]! * ms[a]!;
        counter[a] = 0;
      }
    }
  }
  return out;
}

const f64 = (a: TypedArray): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a));
