/**
 * W11 (issue 17): per-example gradients of every parameter of the W2 MLP (784-256-128-10 ReLU, softmax
 * cross-entropy) over a batch of 128, by `vmap(grad(loss, { argnums }), { inAxes: [null x 6, 0, 0] })`, against
 * one batched backward of the mean loss over the same 128 examples (`grad` of the same loss on the whole
 * batch). The loss is written once for one example or a batch: -mean(sum(onehot(y) * logSoftmax(z))), with the
 * labels as one-hot rows (the same loss jax-js computes). A third case times the floor every engine pays here:
 * writing the per-example gradients' 30 million floats (120 MB) once into fresh memory.
 * nabla's setup checks that the mean of the per-example gradients is the batched gradient before timing. Each
 * step computes the gradients without reading them all back into JavaScript (see `firstItem`).
 */
import { grad, logSoftmax, tensor, vmap, type Tensor } from '@nabla/autograd';
import { useJax } from '../peers/jax.js';
import type { Case, Step, Workload } from '../runner.js';
import { initialValues, type JArray, type ParamSpec } from './train.js';
import { W2_FULL, W2_QUICK, mlpData, type MlpSize } from './w2-mlp.js';

/** The case names (size-free, so the targets block pairs them at any size). */
export const W11_PER_SAMPLE = 'per-sample vmap(grad)';
export const W11_BATCHED = 'batched grad of the mean';
export const W11_FLOOR = 'floor: fill fresh memory of the per-example size';

/** Largest |mean of per-example - batched| the setup accepts, relative to max |batched gradient|. */
export const W11_TOL = 1e-5;

/** Which of the two the case times. */
type Method = typeof W11_PER_SAMPLE | typeof W11_BATCHED;

const ARGNUMS = [0, 1, 2, 3, 4, 5];
const IN_AXES = [null, null, null, null, null, null, 0, 0];

/** Weight [in, out] and bias [out] per layer, as W2 lays them out. */
const specsOf = ({ sizes }: MlpSize): ParamSpec[] =>
  sizes.slice(1).flatMap((out, l) => [{ shape: [sizes[l]!, out], fanIn: sizes[l]! }, { shape: [out], fanIn: sizes[l]! }]);

/** W2's labels as one-hot rows [batch, classes]. */
function oneHotLabels(size: MlpSize): Float32Array {
  const classes = size.sizes.at(-1)!;
  const out = new Float32Array(size.batch * classes);
  mlpData(size).labels.forEach((c, i) => (out[i * classes + c] = 1));
  return out;
}

/** Mean softmax cross-entropy of the 3-layer MLP on x ([in] or [batch, in]) and one-hot y. */
function loss(w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, w3: Tensor, b3: Tensor, x: Tensor, y: Tensor): Tensor {
  const z = x.matmul(w1).add(b1).relu().matmul(w2).add(b2).relu().matmul(w3).add(b3);
  return logSoftmax(z, -1).mul(y).sum(-1).mean().neg();
}

type Args = [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];

/** nabla's parameters (W2's seeded values), batch and one-hot labels. */
export function perSampleArgs(size: MlpSize): Args {
  const specs = specsOf(size);
  const params = initialValues(specs).map((v, i) => tensor(v, { shape: specs[i]!.shape }));
  const x = tensor(mlpData(size).x, { shape: [size.batch, size.sizes[0]!] });
  const y = tensor(oneHotLabels(size), { shape: [size.batch, size.sizes.at(-1)!] });
  return [...params, x, y] as Args;
}

/** One gradient per parameter, each [batch, ...param shape]: the per-example gradients. */
export const perSampleGrads = (args: Args): Tensor[] => vmap(grad(loss, { argnums: ARGNUMS }), { inAxes: IN_AXES })(...args);

/** One gradient per parameter of the mean loss over the batch. */
export const batchedGrads = (args: Args): Tensor[] => grad(loss, { argnums: ARGNUMS })(...args);

/** max over the parameters of |mean of the per-example gradients - batched gradient|, and max |batched gradient|. */
export function comparePerSample(size: MlpSize): { maxDiff: number; maxAbs: number; shapes: number[][] } {
  const args = perSampleArgs(size);
  const per = perSampleGrads(args);
  const bat = batchedGrads(args);
  const maxDiff = Math.max(...per.map((g, k) => g.mean(0).sub(bat[k]!).abs().max().item()));
  return { maxDiff, maxAbs: Math.max(...bat.map((g) => g.abs().max().item())), shapes: per.map((g) => g.shape.slice()) };
}

/** Throws unless the per-example gradients average to the batched gradient (to W11_TOL relative). */
export function checkPerSample(size: MlpSize): void {
  const { maxDiff, maxAbs } = comparePerSample(size);
  if (!(maxDiff <= W11_TOL * Math.max(1, maxAbs))) throw new Error(`W11: mean per-example gradient differs from the batched one by ${maxDiff} (max |g| ${maxAbs})`);
}

/**
 * Reads one element of `g` back. nabla is eager, so the gradients are computed when the transform returns;
 * copying all of them into JavaScript (30 million floats for the per-example ones, 120 MB) would time the
 * read-back, not the gradients, and a DP-SGD step clips and sums them inside nabla without reading them.
 */
function firstItem(g: Tensor): void {
  let t = g;
  while (t.ndim > 0) t = t.select(0, 0);
  t.item();
}

function nablaSetup(size: MlpSize, method: Method): () => Step {
  return () => {
    if (method === W11_PER_SAMPLE) checkPerSample(size); // once per engine, before its first timed case
    const args = perSampleArgs(size);
    const grads = method === W11_PER_SAMPLE ? perSampleGrads : batchedGrads;
    return () => grads(args).forEach(firstItem);
  };
}

/** jax-js: `vmap(grad(loss), [null, 0, 0])` over a parameter list, or `grad` of the mean loss; eager or under `jit`. */
function jaxSetup(size: MlpSize, method: Method, jit: boolean): () => Promise<Step> {
  return async () => {
    const jax = await useJax();
    const { numpy: np } = jax;
    const specs = specsOf(size);
    const params = initialValues(specs).map((v, i) => np.array(v).reshape(specs[i]!.shape));
    const x = np.array(mlpData(size).x).reshape([size.batch, size.sizes[0]!]);
    const y = np.array(oneHotLabels(size)).reshape([size.batch, size.sizes.at(-1)!]);
    const jloss = (p: JArray[], xs: JArray, ys: JArray): JArray => {
      let h = xs;
      for (let l = 0; l < p.length; l += 2) {
        h = np.matmul(h, p[l]!).add(p[l + 1]!);
        if (l + 2 < p.length) h = jax.nn.relu(h);
      }
      const rows = h.ndim === 2 ? h.shape[0]! : 1;
      return jax.nn.logSoftmax(h, -1).mul(ys).sum().mul(-1 / rows);
    };
    const g = method === W11_PER_SAMPLE ? jax.vmap(jax.grad(jloss), [null, 0, 0]) : jax.grad(jloss);
    const run = jit ? jax.jit(g) : g;
    // jax-js is lazy: wait for every gradient to be computed (as nabla's eager step), then free them, no read-back.
    return async () => {
      const gs = run(jax.tree.ref(params), x.ref, y.ref);
      await jax.blockUntilReady(gs);
      for (const a of gs) a.dispose();
    };
  };
}

/** Parameters per example: the size of one example's gradients. */
const paramCount = (size: MlpSize): number => specsOf(size).reduce((n, s) => n + s.shape.reduce((a, d) => a * d, 1), 0);

/** A fresh Float32Array of batch x parameters, filled: the least any engine's per-example gradients cost. */
function floorCase(size: MlpSize): Case {
  const n = size.batch * paramCount(size);
  return { name: W11_FLOOR, metrics: [{ unit: 'ms' }], engines: { nabla: () => () => void new Float32Array(n).fill(1) } };
}

function perSampleCase(size: MlpSize, method: Method): Case {
  return {
    name: method,
    metrics: [{ unit: 'ms' }],
    engines: { nabla: nablaSetup(size, method), 'jax-eager': jaxSetup(size, method, false), 'jax-jit': jaxSetup(size, method, true) },
  };
}

/** W11 at W2's sizes (quick: W2's quick sizes): per-example gradients, then the batched gradient. */
export const w11: Workload = {
  id: 'W11',
  title: `gradients of the W2 MLP (${W2_FULL.sizes.join('-')}) over a batch of ${W2_FULL.batch} (quick ${W2_QUICK.batch}, ${W2_QUICK.sizes.join('-')})`,
  cases: ({ quick }) => [...([W11_PER_SAMPLE, W11_BATCHED] as const).map((m) => perSampleCase(quick ? W2_QUICK : W2_FULL, m)), floorCase(quick ? W2_QUICK : W2_FULL)],
};
