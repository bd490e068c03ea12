import { DTypeError, ShapeError, Tensor, fmtShape, noGrad, zeros, type DType, type Generator } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg, options, tensorArg } from '../check.js';
import { checkPaddingIdx, embedding } from '../functional/embedding.js';
import { normal } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of `Embedding`. */
export interface EmbeddingLayerOptions {
  /** Row kept at zero at initialisation that receives no gradient (negative counts from the end). */
  paddingIdx?: number | null;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`: int32 indices [...] -> [..., embeddingDim].
 * Weights start N(0, 1) as PyTorch; the `paddingIdx` row starts at zero and never gets a gradient.
 * @example
 * const emb = new Embedding(10, 3, { paddingIdx: 0 });
 * emb.forward(tensor([[1, 0, 4]], { dtype: 'int32' })).shape; // [1, 3, 3]
 */
export class Embedding extends Module {
  /** Number of rows in the table (valid indices are 0 .. numEmbeddings - 1). */
  readonly numEmbeddings: number;
  /** Size of each embedding vector. */
  readonly embeddingDim: number;
  /** Index whose row is zero and gets no gradient, or null. */
  readonly paddingIdx: number | null;
  /** The table, shape [numEmbeddings, embeddingDim]. */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts?: EmbeddingLayerOptions) {
    super();
    const o = options('Embedding', opts, ['paddingIdx', 'dtype', 'generator']);
    this.numEmbeddings = intArg('Embedding', 'numEmbeddings', numEmbeddings, 0);
    this.embeddingDim = intArg('Embedding', 'embeddingDim', embeddingDim, 0);
    this.paddingIdx = checkPaddingIdx('Embedding', o.paddingIdx, numEmbeddings);
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], { dtype: dtypeArg('Embedding', o.dtype) }));
    this.resetParameters(generatorArg('Embedding', o.generator));
  }

  /**
   * An Embedding holding a copy of `weights` [num, dim]; frozen (no gradient) unless `freeze` is false.
   * @example Embedding.fromPretrained(vectors, { freeze: false })
   */
  static fromPretrained(weights: Tensor, opts?: { freeze?: boolean; paddingIdx?: number | null }): Embedding {
    const o = options('Embedding.fromPretrained', opts, ['freeze', 'paddingIdx']);
    tensorArg('Embedding.fromPretrained', 'weights', weights);
    if (weights.ndim !== 2) throw new ShapeError(`Embedding.fromPretrained: weights must be 2-D, got ${fmtShape(weights.shape)}`);
    if (weights.dtype === 'int32') throw new DTypeError('Embedding.fromPretrained: weights must be float32 or float64, got int32');
    const [num, dim] = weights.shape as [number, number];
    const emb = new Embedding(num, dim, { paddingIdx: o.paddingIdx, dtype: weights.dtype });
    emb.weight = new Parameter(weights.detach().clone(), !boolArg('Embedding.fromPretrained', 'freeze', o.freeze, true));
    return emb;
  }

  /** Re-draws N(0, 1) weights and zeroes the padding row. */
  resetParameters(generator?: Generator): void {
    noGrad(() => {
      normal(this.weight, { generator });
      const pad = this.paddingIdx;
      if (pad !== null) this.weight.mutate((d) => d.fill(0, pad * this.embeddingDim, (pad + 1) * this.embeddingDim));
    });
  }

  /** int32 indices of any shape -> [...indices.shape, embeddingDim]. */
  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
