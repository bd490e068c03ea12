import { captureSite, checkForward } from '../autodiff/anomaly.js';
import { isGradEnabled } from '../autodiff/grad-mode.js';
import { Node } from '../autodiff/node.js';
import { getBackend } from '../backend/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { primitives } from './index.js';
import type { PrimName, PrimParams } from './types.js';

/**
 * Runs a primitive: forward through the current backend, then, if grad mode is on and some input requires
 * grad, records a Node on the output so backward can find the primitive's vjp. Inputs must already be
 * validated and broadcast by the calling op.
 */
export function apply<K extends PrimName>(name: K, inputs: Tensor[], params: PrimParams[K]): Tensor {
  const prim = primitives[name];
  const out = prim.forward(getBackend(), inputs, params as never);
  checkForward(name, inputs, out);
  // Integer results (masks, indices, casts to int32) carry no gradient.
  if (prim.vjp && out.dtype !== 'int32' && isGradEnabled()) {
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]!.requiresGrad) {
        const node = new Node(name, inputs, params);
        node.site = captureSite();
        out._node = node;
        out.requiresGrad = true;
        break;
      }
    }
  }
  return out;
}
