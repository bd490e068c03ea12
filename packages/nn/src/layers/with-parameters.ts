import { ValueError, type Tensor } from '@nabla/autograd';
import type { Module } from '../module.js';

/**
 * @internal Runs `fn` with the module's parameters (in `namedParameters()` order) temporarily replaced by
 * `values`, restoring them afterwards even if `fn` throws. It lets gradcheck differentiate a layer with
 * respect to its weights: gradcheck passes its own copies of the weights, and the layer computes with them.
 * Works for parameters held in fields (`weight`, `out_proj.weight`, `weight_ih_l0`), which all layers here use.
 * @example gradcheck((x, ...ws) => withParameters(conv, ws, () => conv.forward(x)), [x, ...conv.parameters()])
 */
export function withParameters<T>(m: Module, values: readonly Tensor[], fn: () => T): T {
  const names = m.namedParameters().map(([n]) => n);
  if (values.length !== names.length) throw new ValueError(`withParameters: expected ${names.length} tensors (${names.join(', ')}), got ${values.length}`);
  const slots = names.map((name): [Record<string, unknown>, string] => {
    const parts = name.split('.');
    let holder = m as unknown as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) holder = holder[p] as Record<string, unknown>;
    const key = parts[parts.length - 1]!;
    if (!Object.prototype.hasOwnProperty.call(holder, key)) throw new ValueError(`withParameters: parameter '${name}' is not held in a field`);
    return [holder, key];
  });
  const saved = slots.map(([h, k]) => h[k]);
  slots.forEach(([h, k], i) => (h[k] = values[i]));
  try {
    return fn();
  } finally {
    slots.forEach(([h, k], i) => (h[k] = saved[i]));
  }
}
