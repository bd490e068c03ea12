import { Tensor, ValueError, describe, type DType } from '@nabla/autograd';

/**
 * A Tensor that a Module owns as a trainable weight: a leaf that requires grad (unless told otherwise).
 * It shares the storage of the tensor it is built from, so building one copies nothing.
 *
 * Modules find their parameters by walking their fields: any field holding a Parameter (or an array of
 * them) is a parameter, named after the field as in PyTorch (`weight`, `layers.0.bias`).
 *
 * @example
 * const w = new Parameter(zeros([3, 2]));
 * w.requiresGrad; // true
 */
export class Parameter extends Tensor {
  // Not readonly here (unlike Tensor): `Module.to(dtype)` converts a Parameter in place, keeping its identity
  // so optimizers that hold it keep working, the way PyTorch's `module.to` swaps `param.data`.
  declare dtype: DType;

  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new ValueError(`Parameter: data must be a Tensor, got ${describe(data)}`);
    if (typeof requiresGrad !== 'boolean') {
      throw new ValueError(`Parameter: requiresGrad must be a boolean, got ${describe(requiresGrad)}`);
    }
    super(data._storage, data.shape.slice(), data.dtype, data._strides.slice(), data._offset);
    if (requiresGrad) this.setRequiresGrad(true);
  }

  /**
   * @internal Replaces this parameter's memory and dtype with `data`'s (same shape), keeping the object.
   * The storage version moves past the old one, so a graph recorded before the swap refuses to backward.
   */
  _replaceData(data: Tensor): void {
    const version = this._storage.version;
    const fresh = data.detach().clone();
    this._storage = fresh._storage;
    this._storage.version = Math.max(this._storage.version, version + 1);
    this._strides = fresh._strides.slice();
    this._offset = fresh._offset;
    this.dtype = fresh.dtype;
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
