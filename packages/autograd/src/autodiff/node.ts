import type { PrimName, PrimParams } from '../primitives/types.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The derivative rule of a `defineOp` op, carried by its nodes in place of a primitive table entry. `vjp`
 * returns one gradient per input (null for none), already validated against the inputs' shapes.
 */
export interface CustomRule {
  /** The op's name, shown in messages and graph pictures. */
  readonly name: string;
  readonly vjp: (g: Tensor, ctx: { readonly inputs: readonly Tensor[]; readonly out: Tensor }) => readonly (Tensor | null)[];
}

/** Versions of inputs that were never written in place; `versions[k] ?? 0` reads it for any k. */
const NO_WRITES: readonly number[] = Object.freeze([]);

/**
 * The record a primitive leaves on its output when the graph is being recorded: which primitive made it,
 * from which inputs, with which parameters, and the inputs' storage versions at that moment (so backward
 * can detect an input that was mutated in place after it was saved).
 */
export class Node<K extends PrimName = PrimName> {
  /** Null once backward has freed the saved inputs (unless `retainGraph` was passed). */
  inputs: Tensor[] | null;
  /** Input storage versions at record time; the shared NO_WRITES when all were 0 (the common case, one array fewer per node). */
  readonly versions: readonly number[];
  /** Call site captured when anomaly detection is on, for its error messages. */
  site: string | undefined;
  /** Set on nodes made by `defineOp` ops: this rule replaces the table lookup. */
  custom: CustomRule | null = null;

  constructor(
    readonly prim: K,
    inputs: Tensor[],
    readonly params: PrimParams[K],
  ) {
    this.inputs = inputs;
    this.versions = inputs.every((t) => t._storage.version === 0) ? NO_WRITES : inputs.map((t) => t._storage.version);
  }

  /**
   * A node for a `defineOp` op. Its `prim` holds the op's name so every message (and `toString`'s gradFn)
   * names it; that name is not a table key, so code looking a rule up must check `custom` first.
   */
  static custom(rule: CustomRule, inputs: Tensor[]): Node {
    const node = new Node(rule.name as PrimName, inputs, {} as never);
    node.custom = rule;
    return node;
  }
}
