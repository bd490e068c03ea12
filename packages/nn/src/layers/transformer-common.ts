import { ShapeError, ValueError, describe, fmtShape, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, floatArg, generatorArg, intArg, numArg } from '../check.js';
import { checkDropoutP } from '../functional/dropout.js';
import { keysOf } from '../option-keys.js';

/** The feed-forward activation: PyTorch's 'relu' (default) or 'gelu' (exact, erf-based), or any Tensor -> Tensor. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** Options shared by TransformerEncoderLayer and TransformerDecoderLayer (PyTorch's, camelCase). */
export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block (default 0.1). */
  dropout?: number;
  /** Feed-forward activation (default 'relu'). */
  activation?: TransformerActivation;
  /** LayerNorm eps (default 1e-5). */
  layerNormEps?: number;
  /** Inputs and outputs are [N, L, E] instead of [L, N, E] (default false). */
  batchFirst?: boolean;
  /** Pre-norm: LayerNorm before attention and feed-forward instead of after the residual add (default false). */
  normFirst?: boolean;
  /** Learn biases in the Linear layers, attention and LayerNorms (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights and the dropout (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

export const LAYER_KEYS = keysOf<TransformerLayerOptions>({
  dimFeedforward: true, dropout: true, activation: true, layerNormEps: true, batchFirst: true, normFirst: true, bias: true, dtype: true, generator: true,
});

/** The options with PyTorch's defaults filled in and checked. */
export interface LayerConfig {
  dimFeedforward: number;
  dropout: number;
  activation: TransformerActivation;
  layerNormEps: number;
  batchFirst: boolean;
  normFirst: boolean;
  bias: boolean;
  dtype: 'float32' | 'float64';
  generator: Generator | undefined;
}

/** Reads and checks the shared layer options. */
export function layerConfig(op: string, dModel: unknown, nhead: unknown, o: TransformerLayerOptions): LayerConfig {
  intArg(op, 'dModel', dModel, 1);
  intArg(op, 'nhead', nhead, 1);
  const act = o.activation ?? 'relu';
  if (act !== 'relu' && act !== 'gelu' && typeof act !== 'function') {
    throw new ValueError(`${op}: activation must be 'relu', 'gelu' or a function, got ${describe(o.activation)}`);
  }
  return {
    dimFeedforward: intArg(op, 'dimFeedforward', o.dimFeedforward ?? 2048, 1),
    dropout: checkDropoutP(op, o.dropout ?? 0.1),
    activation: act,
    layerNormEps: numArg(op, 'layerNormEps', o.layerNormEps, 1e-5, { min: 0 }),
    batchFirst: boolArg(op, 'batchFirst', o.batchFirst, false),
    normFirst: boolArg(op, 'normFirst', o.normFirst, false),
    bias: boolArg(op, 'bias', o.bias, true),
    dtype: dtypeArg(op, o.dtype),
    generator: generatorArg(op, o.generator),
  };
}

/** Applies the configured activation. */
export function activate(act: TransformerActivation, x: Tensor): Tensor {
  return act === 'relu' ? x.relu() : act === 'gelu' ? x.gelu() : act(x);
}

/** Checks a sequence input: [L, N, E] or [N, L, E] with batchFirst, or unbatched [L, E]; E must be dModel. */
export function checkSequence(op: string, name: string, x: unknown, dModel: number, batchFirst: boolean): Tensor {
  const t = floatArg(op, name, x);
  if ((t.ndim !== 2 && t.ndim !== 3) || t.shape[t.ndim - 1] !== dModel) {
    const layout = batchFirst ? `[N, L, ${dModel}]` : `[L, N, ${dModel}]`;
    throw new ShapeError(`${op}: ${name} must be ${layout} or unbatched [L, ${dModel}], got ${fmtShape(t.shape)}`);
  }
  return t;
}
