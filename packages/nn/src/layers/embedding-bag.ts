import { noGrad, zeros, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg, oneOf, options } from '../check.js';
import { checkPaddingIdx } from '../functional/embedding.js';
import { embeddingBagNamed } from '../functional/embedding-bag.js';
import { rejectUnsupported } from '../functional/window.js';
import { normal } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of `EmbeddingBag` (PyTorch's constructor arguments, camelCase). */
export interface EmbeddingBagLayerOptions {
  /** How a bag's rows combine: 'mean' (default), 'sum' or 'max'. */
  mode?: 'sum' | 'mean' | 'max';
  /** offsets has one entry more than there are bags (default false). */
  includeLastOffset?: boolean;
  /** Index left out of every bag; its row starts at zero. */
  paddingIdx?: number | null;
  /** Only null (the default) is supported. */
  maxNorm?: number | null;
  /** Only 2 (the default) is accepted, as it only matters with maxNorm. */
  normType?: number;
  /** Only false (the default) is supported. */
  scaleGradByFreq?: boolean;
  /** Only false (the default) is supported. */
  sparse?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights. */
  generator?: Generator;
}

/**
 * Bags of embeddings summed, averaged or maxed (PyTorch's nn.EmbeddingBag): weight [numEmbeddings,
 * embeddingDim] starts N(0, 1) (the paddingIdx row zero), state dict `weight` as PyTorch.
 * @example
 * const bag = new EmbeddingBag(10, 3, { mode: 'sum' });
 * bag.forward(tensor([1, 2, 4, 5], { dtype: 'int32' }), tensor([0, 2], { dtype: 'int32' })).shape; // [2, 3]
 */
export class EmbeddingBag extends Module {
  /** Rows of the table. */
  readonly numEmbeddings: number;
  /** Width of each row. */
  readonly embeddingDim: number;
  /** 'sum', 'mean' or 'max'. */
  readonly mode: 'sum' | 'mean' | 'max';
  /** Whether offsets include the end of the last bag. */
  readonly includeLastOffset: boolean;
  /** The index left out of every bag, or null. */
  readonly paddingIdx: number | null;
  /** The table [numEmbeddings, embeddingDim]. */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, opts?: EmbeddingBagLayerOptions) {
    super();
    const name = 'EmbeddingBag';
    const o = options(name, opts, ['mode', 'includeLastOffset', 'paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse', 'dtype', 'generator']);
    rejectUnsupported(name, o, { maxNorm: null, scaleGradByFreq: false, sparse: false, normType: 2 });
    this.numEmbeddings = intArg(name, 'numEmbeddings', numEmbeddings, 1);
    this.embeddingDim = intArg(name, 'embeddingDim', embeddingDim, 1);
    this.mode = oneOf(name, 'mode', o.mode, ['sum', 'mean', 'max'], 'mean');
    this.includeLastOffset = boolArg(name, 'includeLastOffset', o.includeLastOffset, false);
    this.paddingIdx = checkPaddingIdx(name, o.paddingIdx, numEmbeddings);
    this.weight = new Parameter(zeros([numEmbeddings, embeddingDim], { dtype: dtypeArg(name, o.dtype) }));
    this.resetParameters(generatorArg(name, o.generator));
  }

  /** Re-draws the table from N(0, 1), zeroing the paddingIdx row, as PyTorch. */
  resetParameters(generator?: Generator): void {
    normal(this.weight, { generator });
    const pad = this.paddingIdx;
    const dim = this.embeddingDim;
    if (pad !== null) noGrad(() => this.weight.mutate((d) => d.fill(0, pad * dim, (pad + 1) * dim)));
  }

  /** input int32 [B, L] (bags as rows) or 1-D with offsets [B]; optional perSampleWeights ('sum' mode) -> [B, embeddingDim]. */
  forward(input: Tensor, offsets?: Tensor | null, perSampleWeights?: Tensor | null): Tensor {
    const label = `EmbeddingBag(${this.numEmbeddings}, ${this.embeddingDim}, mode='${this.mode}')`;
    return embeddingBagNamed(label, input, this.weight, offsets, {
      mode: this.mode, includeLastOffset: this.includeLastOffset, paddingIdx: this.paddingIdx, perSampleWeights,
    });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}, mode='${this.mode}'${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
