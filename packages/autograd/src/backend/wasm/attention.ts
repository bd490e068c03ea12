import type { TypedArray } from '../../tensor/dtype.js';
import type { AttentionDims, Strided } from '../backend.js';
import { attention as cpuAttention } from '../cpu/attention.js';
import { SMALL, arrayDType, fn, sizeOfShape } from './call.js';
import { allocElems, copyOut, resetWorkspace, stage, stageArray } from './workspace.js';

/**
 * Fused attention on the wasm kernels (wasm/assembly/attention.ts): q, k, v (and the mask's span) are staged
 * once, then one call per batch element, the mask's offset stepped by its batch strides (0 where it
 * broadcasts). Small problems, and masks with negative strides, take the TypeScript loop.
 */
export function attention(q: TypedArray, k: TypedArray, v: TypedArray | null, mask: Strided | null, dims: AttentionDims): TypedArray {
  const { batch, l, s, e, ev, scale, causal } = dims;
  const nb = sizeOfShape(batch);
  if (nb * l * s * Math.max(e, 1) < SMALL || (mask !== null && mask.strides.some((st) => st < 0))) return cpuAttention(q, k, v, mask, dims);
  const dtype = arrayDType(q);
  const op = 'attention';
  const bytes = dtype === 'float64' ? 8 : 4;
  resetWorkspace();
  const pq = stageArray(q, dtype, op);
  const pk = stageArray(k, dtype, op);
  const pv = v ? stageArray(v, dtype, op) : 0;
  const m = mask ? stage(mask, [...batch, l, s], dtype, op) : null;
  const width = v ? ev : s;
  const size = nb * l * width;
  const out = allocElems(dtype, size, op);
  const pacc = allocElems('float64', Math.max(ev, s, 1), op);
  const kernel = fn('attention', dtype);
  const nd = batch.length;
  const ms = m?.strides ?? [];
  const counter = new Array<number>(nd).fill(0);
  let moff = 0;
  for (let b = 0; b < nb; b++) {
    kernel(
      pq + b * l * e * bytes, pk + b * s * e * bytes, v ? pv + b * s * ev * bytes : 0, v ? 1 : 0,
      m ? m.ptr + moff * bytes : 0, m ? 1 : 0, m ? ms[nd]! : 0, m ? ms[nd + 1]! : 0,
      l, s, e, ev, scale, causal ? 1 : 0, out + b * l * width * bytes, pacc,
    );
    for (let a = nd - 1; a >= 0 && m; a--) {
      counter[a]!++;
      moff += ms[a]!;
      if (counter[a]! < batch[a]!) break;
      moff -= counter[a]! * ms[a]!;
      counter[a] = 0;
    }
  }
  return copyOut(dtype, out, size);
}
