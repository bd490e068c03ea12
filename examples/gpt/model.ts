/**
 * A decoder-only transformer (GPT) built from `@nabla/nn` parts: token and position embeddings, pre-norm
 * blocks of causal multi-head self-attention and a GELU MLP, a final LayerNorm, and an output layer that
 * reuses the token embedding (weight tying). Parameter names follow PyTorch's (`blocks.0.attn.qkv.weight`).
 */
import { Generator, arange, type Tensor } from '@nabla/autograd';
import { Dropout, Embedding, GELU, LayerNorm, Linear, Module, init } from '@nabla/nn';
import * as F from '@nabla/nn/functional';

/** Sizes of a GPT. */
export interface GptConfig {
  /** Distinct tokens (characters). */
  vocabSize: number;
  /** Longest context the position embedding covers. */
  blockSize: number;
  /** Transformer blocks. */
  nLayer: number;
  /** Attention heads per block; nEmbd must be a multiple of it. */
  nHead: number;
  /** Width of the residual stream. */
  nEmbd: number;
  /** Dropout after attention, MLP and embeddings while training (0 turns it off). */
  dropout: number;
}

/** A Linear layer with N(0, std²) weights and zero bias, as GPT-2 initialises them. */
function gptLinear(inF: number, outF: number, generator: Generator, std = 0.02): Linear {
  const layer = new Linear(inF, outF, { generator });
  init.normal(layer.weight, { std, generator });
  init.zeros(layer.bias!);
  return layer;
}

/**
 * Multi-head self-attention where position t only sees positions <= t. One Linear makes queries, keys and
 * values for every head at once; the fused `scaledDotProductAttention` applies the causal mask.
 * @example new CausalSelfAttention(cfg, new Generator(0)).forward(x); // [B, T, C] -> [B, T, C]
 */
export class CausalSelfAttention extends Module {
  qkv: Linear;
  proj: Linear;
  drop: Dropout;
  readonly nHead: number;

  constructor(cfg: GptConfig, generator: Generator) {
    super();
    this.nHead = cfg.nHead;
    this.qkv = gptLinear(cfg.nEmbd, 3 * cfg.nEmbd, generator);
    // GPT-2 scales the layers that write into the residual stream by 1/sqrt(2 * nLayer).
    this.proj = gptLinear(cfg.nEmbd, cfg.nEmbd, generator, 0.02 / Math.sqrt(2 * cfg.nLayer));
    this.drop = new Dropout(cfg.dropout);
  }

  // #region attention
  /** Queries, keys and values, each [B, heads, T, headSize]. */
  private heads(x: Tensor): [Tensor, Tensor, Tensor] {
    const [b, t, c] = x.shape as [number, number, number];
    const qkv = this.qkv.forward(x).reshape([b, t, 3, this.nHead, c / this.nHead]).permute(2, 0, 3, 1, 4);
    return qkv.unbind(0) as [Tensor, Tensor, Tensor];
  }

  forward(x: Tensor): Tensor {
    const [b, t, c] = x.shape as [number, number, number];
    const [q, k, v] = this.heads(x);
    const y = F.scaledDotProductAttention(q, k, v, { isCausal: true });
    return this.drop.forward(this.proj.forward(y.transpose(1, 2).reshape([b, t, c])));
  }
  // #endregion attention

  /**
   * The attention weights [B, heads, T, T] (row t: how much position t reads from each earlier position),
   * computed the slow, explicit way: softmax(q kᵀ / sqrt(headSize) + mask).
   */
  weights(x: Tensor): Tensor {
    const [q, k] = this.heads(x);
    const t = x.shape[1]!;
    const scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.shape[3]!));
    const future = arange(t).reshape([1, t]).gt(arange(t).reshape([t, 1]));
    return scores.maskedFill(future, -Infinity).softmax(-1);
  }
}

/**
 * The position-wise feed-forward network: widen 4x, GELU, project back.
 * @example new Mlp(cfg, new Generator(0)).forward(x); // [B, T, C] -> [B, T, C]
 */
export class Mlp extends Module {
  fc: Linear;
  act: GELU;
  proj: Linear;
  drop: Dropout;

  constructor(cfg: GptConfig, generator: Generator) {
    super();
    this.fc = gptLinear(cfg.nEmbd, 4 * cfg.nEmbd, generator);
    this.act = new GELU();
    this.proj = gptLinear(4 * cfg.nEmbd, cfg.nEmbd, generator, 0.02 / Math.sqrt(2 * cfg.nLayer));
    this.drop = new Dropout(cfg.dropout);
  }

  forward(x: Tensor): Tensor {
    return this.drop.forward(this.proj.forward(this.act.forward(this.fc.forward(x))));
  }
}

/**
 * A pre-norm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)). The residual path carries the input
 * (and its gradient) through unchanged; each sublayer only adds a correction.
 * @example new Block(cfg, new Generator(0)).forward(x); // [B, T, C] -> [B, T, C]
 */
export class Block extends Module {
  ln1: LayerNorm;
  attn: CausalSelfAttention;
  ln2: LayerNorm;
  mlp: Mlp;

  constructor(cfg: GptConfig, generator: Generator) {
    super();
    this.ln1 = new LayerNorm(cfg.nEmbd);
    this.attn = new CausalSelfAttention(cfg, generator);
    this.ln2 = new LayerNorm(cfg.nEmbd);
    this.mlp = new Mlp(cfg, generator);
  }

  // #region block
  forward(x: Tensor): Tensor {
    const h = x.add(this.attn.forward(this.ln1.forward(x)));
    return h.add(this.mlp.forward(this.ln2.forward(h)));
  }
  // #endregion block
}

/**
 * A character-level GPT: tokens [B, T] (int32, T <= blockSize) -> logits [B, T, vocabSize] for the next
 * token at every position. The output layer is the token embedding transposed (weight tying).
 * @example
 * const gpt = new Gpt({ vocabSize: 65, blockSize: 64, nLayer: 2, nHead: 4, nEmbd: 64, dropout: 0 }, 0);
 * gpt.forward(tensor([[1, 2, 3]], { dtype: 'int32' })).shape; // [1, 3, 65]
 */
export class Gpt extends Module {
  readonly config: GptConfig;
  tokEmb: Embedding;
  posEmb: Embedding;
  drop: Dropout;
  blocks: Block[];
  lnF: LayerNorm;

  constructor(cfg: GptConfig, seed: number) {
    super();
    if (cfg.nEmbd % cfg.nHead !== 0) throw new Error(`Gpt: nEmbd ${cfg.nEmbd} is not a multiple of nHead ${cfg.nHead}`);
    this.config = { ...cfg };
    const generator = new Generator(seed);
    this.tokEmb = new Embedding(cfg.vocabSize, cfg.nEmbd, { generator });
    this.posEmb = new Embedding(cfg.blockSize, cfg.nEmbd, { generator });
    init.normal(this.tokEmb.weight, { std: 0.02, generator });
    init.normal(this.posEmb.weight, { std: 0.02, generator });
    this.drop = new Dropout(cfg.dropout);
    this.blocks = Array.from({ length: cfg.nLayer }, () => new Block(cfg, generator));
    this.lnF = new LayerNorm(cfg.nEmbd);
  }

  /** The residual stream entering the blocks: token plus position embedding. */
  embed(tokens: Tensor): Tensor {
    const t = tokens.shape[1]!;
    if (t > this.config.blockSize) throw new Error(`Gpt: ${t} tokens exceed the context of ${this.config.blockSize}`);
    return this.drop.forward(this.tokEmb.forward(tokens).add(this.posEmb.forward(arange(t))));
  }

  // #region gpt
  forward(tokens: Tensor): Tensor {
    let x = this.embed(tokens);
    for (const block of this.blocks) x = block.forward(x);
    return this.lnF.forward(x).matmul(this.tokEmb.weight.transpose(0, 1));
  }
  // #endregion gpt

  /**
   * The attention weights [heads, T, T] of block `layer` on one sequence (tokens [1, T]), for plotting.
   * @example gpt.attentionWeights(tokens, 0).select(0, 2); // head 2 of the first block
   */
  attentionWeights(tokens: Tensor, layer: number): Tensor {
    let x = this.embed(tokens);
    for (let i = 0; i < layer; i++) x = this.blocks[i]!.forward(x);
    const block = this.blocks[layer];
    if (block === undefined) throw new Error(`Gpt.attentionWeights: layer ${layer} out of range [0, ${this.blocks.length})`);
    return block.attn.weights(block.ln1.forward(x)).select(0, 0);
  }
}
