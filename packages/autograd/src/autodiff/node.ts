import type { PrimName, PrimParams } from '../primitives/types.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The record a primitive leaves on its output when the graph is being recorded: which primitive made it,
 * from which inputs, with which parameters, and the inputs' storage versions at that moment (so backward
 * can detect an input that was mutated in place after it was saved).
 */
export class Node<K extends PrimName = PrimName> {
  /** Null once backward has freed the saved inputs (unless `retainGraph` was passed). */
  inputs: Tensor[] | null;
  readonly versions: number[];
  /** Call site captured when anomaly detection is on, for its error messages. */
  site: string | undefined;

  constructor(
    readonly prim: K,
    inputs: Tensor[],
    readonly params: PrimParams[K],
  ) {
    this.inputs = inputs;
    this.versions = inputs.map((t) => t._storage.version);
  }
}
