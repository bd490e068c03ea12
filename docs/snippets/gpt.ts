/** The pieces of a GPT, from examples/gpt: attention by hand, its gradient, the causal mask, gradient flow, FLOPs. */
// #region imports
import { Generator, arange, randn, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { LayerNorm, Linear, Module } from '@nabla/nn';
import * as F from '@nabla/nn/functional';
// #endregion imports
import { FULL } from '../../examples/gpt/config.js';
import { Gpt } from '../../examples/gpt/model.js';

const fmt = (t: Tensor): string => (t.toArray() as number[][]).map((r) => r.map((x) => x.toFixed(3).padStart(6)).join(' ')).join('\n');

// #region attention
/** Causal attention written out: every query scores every key, the future is masked, softmax, mix the values. */
function attention(q: Tensor, k: Tensor, v: Tensor): Tensor {
  const t = q.shape[q.ndim - 2]!;
  const scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.shape[q.ndim - 1]!)); // [T, T]
  const future = arange(t).reshape([1, t]).gt(arange(t).reshape([t, 1])); // key index > query index
  const weights = scores.maskedFill(future, -Infinity).softmax(-1); // each row sums to 1
  return weights.matmul(v);
}
// #endregion attention

export function byHand(): void {
  // #region by-hand
  // Three tokens, head size 2. Row i of q is what token i looks for, row j of k what token j offers.
  const q = tensor([[1, 0], [0, 1], [1, 1]], { dtype: 'float64' });
  const k = tensor([[1, 0], [1, 1], [0, 1]], { dtype: 'float64' });
  const v = tensor([[1, 0], [0, 1], [2, 2]], { dtype: 'float64' });
  const scores = q.matmul(k.transpose(0, 1)).div(Math.sqrt(2));
  console.log(`scores q·kᵀ/√2:\n${fmt(scores)}`);
  const future = arange(3).reshape([1, 3]).gt(arange(3).reshape([3, 1]));
  const weights = scores.maskedFill(future, -Infinity).softmax(-1);
  console.log(`weights after the causal mask and softmax:\n${fmt(weights)}`);
  console.log(`output = weights · v:\n${fmt(weights.matmul(v))}`);
  const fused = F.scaledDotProductAttention(q.reshape([1, 3, 2]), k.reshape([1, 3, 2]), v.reshape([1, 3, 2]), { isCausal: true });
  console.log(`the fused op agrees: ${fused.reshape([3, 2]).sub(attention(q, k, v)).abs().max().item() < 1e-12}`);
  // #endregion by-hand
}

export function gradient(): void {
  // #region gradcheck
  const g = new Generator(0);
  const [q, k, v] = [0, 1, 2].map(() => randn([3, 2], { dtype: 'float64', generator: g, requiresGrad: true })) as [Tensor, Tensor, Tensor];
  // Finite differences against backpropagation through matmul, maskedFill and softmax...
  console.log(`by hand: ${gradcheck(attention, [q, k, v])}`);
  // ...and through the fused kernel, which never stores the 3 x 3 weights but recomputes them backward.
  const fused = (a: Tensor, b: Tensor, c: Tensor) => F.scaledDotProductAttention(a, b, c, { isCausal: true });
  console.log(`fused:   ${gradcheck(fused, [q.reshape([1, 3, 2]), k.reshape([1, 3, 2]), v.reshape([1, 3, 2])])}`);
  // The first token sees only itself, so nothing reaches the keys and values of tokens 2 and 3 through it:
  attention(q, k, v).select(0, 0).sum().backward();
  console.log(`d out[0] / d v:\n${fmt(v.grad!)}`);
  // #endregion gradcheck
}

// #region flow
/** Depth layers of width 32 on one input: plain tanh(W h), residual h + tanh(W h), or pre-norm h + tanh(W LN(h)). */
class Stack extends Module {
  layers: Linear[];
  norms: LayerNorm[];
  constructor(depth: number, readonly kind: 'plain' | 'residual' | 'pre-norm residual') {
    super();
    const generator = new Generator(1);
    this.layers = Array.from({ length: depth }, () => new Linear(32, 32, { generator }));
    this.norms = Array.from({ length: depth }, () => new LayerNorm(32));
  }
  /** Share of the last layer's tanh units that are saturated (|tanh| > 0.99, slope below 0.02). */
  saturated = 0;
  forward(x: Tensor): Tensor {
    let h = x;
    this.layers.forEach((layer, i) => {
      const input = this.kind === 'pre-norm residual' ? this.norms[i]!.forward(h) : h;
      const f = layer.forward(input).tanh();
      h = this.kind === 'plain' ? f : h.add(f);
      this.saturated = f.abs().gt(0.99).astype('float32').mean().item();
    });
    return h;
  }
}

export function flow(): void {
  const x = randn([16, 32], { generator: new Generator(2) });
  for (const kind of ['plain', 'residual', 'pre-norm residual'] as const) {
    const stack = new Stack(32, kind);
    const out = stack.forward(x);
    out.square().mean().backward();
    const norm = (l: Linear) => l.weight.grad!.square().sum().sqrt().item();
    const ratio = norm(stack.layers[0]!) / norm(stack.layers[31]!);
    const spread = out.std().item();
    console.log(`${kind.padEnd(17)}: |grad| layer 1 / layer 32 = ${ratio.toExponential(1)}, output std ${spread.toFixed(2)}, saturated tanh in layer 32: ${(stack.saturated * 100).toFixed(0)}%`);
  }
}
// #endregion flow

export function flops(): void {
  // #region flops
  const { nLayer, nEmbd: c, blockSize: t } = FULL.model;
  const gpt = new Gpt({ ...FULL.model, vocabSize: 89 }, 0);
  const n = gpt.parameters().reduce((s, p) => s + p.size, 0);
  // Each parameter of a matrix product costs 2 FLOPs per token forward (multiply, add) and 4 backward
  // (the gradient for the input and for the weight): 6 per token. Attention adds q·kᵀ and weights·v, 2·T·C
  // each per token and layer forward, three times that with backward, halved by the causal mask.
  const perToken = 6 * n + nLayer * 6 * t * c;
  const tokens = FULL.train.batchSize * FULL.train.contextLength;
  console.log(`${n} parameters; ${(perToken / 1e6).toFixed(2)} MFLOP per token, of which attention ${((nLayer * 6 * t * c) / perToken * 100).toFixed(0)}%`);
  console.log(`one step of ${tokens} tokens: ${(perToken * tokens / 1e9).toFixed(2)} GFLOP; ${FULL.train.steps} steps: ${(perToken * tokens * FULL.train.steps / 1e12).toFixed(2)} TFLOP`);
  // #endregion flops
}

export function main(): void {
  byHand();
  gradient();
  flow();
  flops();
}
