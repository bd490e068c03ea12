import type { Backend } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ElementwiseParams } from './elementwise.js';
import type { ReduceParams } from './reduce.js';
import type { ShapeParams } from './shape.js';
import type { LinalgParams } from './linalg.js';
import type { ConvParams } from './conv.js';
import type { AttentionPrimParams } from './attention.js';
import type { SortParams } from './sort.js';

import type { SpecialParams } from './special.js';
import type { ScanParams } from './scan.js';
import type { LinalgDecompParams } from '../linalg/primitives.js';
/**
 * Each group of primitives declares the parameters of its members; the union of the groups is the one
 * table of primitives (see primitives/index.ts), checked for completeness by the compiler.
 */
export type PrimParams = ElementwiseParams & ReduceParams & ShapeParams & LinalgParams & ConvParams & AttentionPrimParams & SortParams & SpecialParams & ScanParams & LinalgDecompParams;
export type PrimName = keyof PrimParams;

/** What a vjp rule sees: the primitive's inputs, its output and its parameters. */
export interface VjpContext<P> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly params: P;
  /** needs[k] is false when input k gets no gradient (a constant, or off the path to a target): rules may return null there and skip the work. */
  readonly needs: readonly boolean[];
}

/**
 * A primitive: `forward` computes the output with backend kernels (no graph); `vjp` maps the output's
 * gradient `g` to one gradient per input (null where an input gets none), written in public differentiable
 * Tensor ops so that the backward pass can itself be differentiated. No `vjp` means not differentiable.
 */
export interface Primitive<P> {
  forward(b: Backend, inputs: readonly Tensor[], params: P): Tensor;
  vjp?: (g: Tensor, ctx: VjpContext<P>) => readonly (Tensor | null)[];
}

/** The shape of a group's table, so each group file can be checked on its own. */
export type PrimTable<Params> = { readonly [K in keyof Params]: Primitive<Params[K]> };

/**
 * A batching rule (vmap): `inputs` are the physical tensors, those with `batched[k]` true carrying the batch
 * of `size` examples as their axis 0, the others shared by every example (and shaped as the primitive sees
 * one example). It returns the physical output, batch at axis 0, equal to stacking the primitive's output
 * over the examples. Rules call `apply` on physical tensors, so they nest and record graphs like any op.
 */
export type BatchRule<P> = (inputs: readonly Tensor[], batched: readonly boolean[], params: P, size: number) => Tensor;

/** What a forward-mode (jvp) rule sees: the primal inputs, the primal output and the parameters. */
export interface JvpContext<P> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly params: P;
}

/**
 * A forward-mode rule: maps the inputs' tangents (null for an input without one) to the output's tangent,
 * the directional derivative sum_k (d out / d x_k) t_k, written in public ops so it can be differentiated,
 * batched and pushed forward again. Null means the output has no tangent (integer results: indices, masks).
 */
export type JvpRule<P> = (tangents: readonly (Tensor | null)[], ctx: JvpContext<P>) => Tensor | null;

/** A group's batching rules, one per primitive of the group (checked for completeness like PrimTable). */
export type BatchTable<Params> = { readonly [K in keyof Params]: BatchRule<Params[K]> };
/** A group's forward-mode rules, one per primitive of the group. */
export type JvpTable<Params> = { readonly [K in keyof Params]: JvpRule<Params[K]> };
