/**
 * W10 (issue 17): the full n x n Jacobian of f(x) = W2 tanh(W1 x + b1) + b2 (n -> n -> n, float32, seeded
 * weights) at one x, by `jacrev` (one vjp, its pullback mapped by `vmap` over the identity's rows: one batched
 * backward pass) and by "today's row loop" (one `vjp`, then its pullback called once per output row with a
 * one-hot cotangent, the rows stacked). nabla's setup checks that both give the same Jacobian before timing.
 * jax-js has `jacrev` and `vjp` too, so it runs both cases as a peer.
 */
import { jacrev, stack, tensor, vjp, type Tensor } from '@nabla/autograd';
import { initBound, uniformArray } from '../data.js';
import { useJax } from '../peers/jax.js';
import type { Case, Step, Workload } from '../runner.js';
import type { JArray } from './train.js';

/** The width n of the MLP (input, hidden and output). */
export const W10_FULL = 256;
export const W10_QUICK = 16;

/** The case names (size-free, so the targets block pairs them at any size). */
export const W10_JACREV = 'jacrev';
export const W10_LOOP = 'vjp row loop';

/** Which of the two the case times. */
type Method = typeof W10_JACREV | typeof W10_LOOP;

/** Largest |jacrev - row loop| the setup accepts, relative to max |J| (float32 round-off of two summation orders). */
export const W10_TOL = 1e-5;

/** Seeded W1, b1, W2, b2 (weights [out, in], PyTorch's 1/sqrt(fanIn) bound) and x, the same for every engine. */
export function jacobianData(n: number): { w1: Float32Array; b1: Float32Array; w2: Float32Array; b2: Float32Array; x: Float32Array } {
  const s = initBound(n);
  return { w1: uniformArray(n * n, s, 1001), b1: uniformArray(n, s, 1002), w2: uniformArray(n * n, s, 1003), b2: uniformArray(n, s, 1004), x: uniformArray(n, 1, 1005) };
}

/** nabla's f and its input x. */
export function nablaMlp(n: number): { f: (x: Tensor) => Tensor; x: Tensor } {
  const d = jacobianData(n);
  const [w1, w2] = [tensor(d.w1, { shape: [n, n] }), tensor(d.w2, { shape: [n, n] })];
  const [b1, b2] = [tensor(d.b1), tensor(d.b2)];
  return { f: (x) => w2.matmul(w1.matmul(x).add(b1).tanh()).add(b2), x: tensor(d.x) };
}

/** The Jacobian by `jacrev`: [n, n], row i the gradient of output i. */
export const byJacrev = (f: (x: Tensor) => Tensor, x: Tensor): Tensor => jacrev(f)(x);

/** The Jacobian by the row loop: one vjp, then one pullback per output row with a one-hot cotangent, stacked. */
export function byRowLoop(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const [y, pullback] = vjp(f, x);
  const rows: Tensor[] = [];
  for (let i = 0; i < y.size; i++) {
    const oneHot = new Float32Array(y.size);
    oneHot[i] = 1;
    rows.push(pullback(tensor(oneHot, { shape: y.shape }))[0]!);
  }
  return stack(rows, 0);
}

/** max |jacrev - row loop| and max |J| at width n, on the current backend. */
export function compareJacobians(n: number): { maxDiff: number; maxAbs: number } {
  const { f, x } = nablaMlp(n);
  const a = byJacrev(f, x);
  const b = byRowLoop(f, x);
  if (a.shape.join() !== b.shape.join()) throw new Error(`W10: jacrev gave shape [${a.shape.join(', ')}], the row loop [${b.shape.join(', ')}]`);
  return { maxDiff: a.sub(b).abs().max().item(), maxAbs: a.abs().max().item() };
}

/** Throws unless jacrev and the row loop agree to W10_TOL (relative to max |J|). */
export function checkJacobians(n: number): void {
  const { maxDiff, maxAbs } = compareJacobians(n);
  if (!(maxDiff <= W10_TOL * Math.max(1, maxAbs))) throw new Error(`W10: jacrev and the row loop differ by ${maxDiff} (max |J| ${maxAbs})`);
}

/** nabla's step for one method: the Jacobian computed and read back. */
function nablaSetup(n: number, method: Method): () => Step {
  return () => {
    if (method === W10_JACREV) checkJacobians(n); // once per engine, before its first timed case
    const { f, x } = nablaMlp(n);
    const jac = method === W10_JACREV ? byJacrev : byRowLoop;
    return () => void jac(f, x).data();
  };
}

/** jax-js: `jacrev(f)` eagerly or under `jit`, or the row loop of `vjp` pullbacks (eager: a Python-style loop). */
function jaxSetup(n: number, method: Method, jit: boolean): () => Promise<Step> {
  return async () => {
    const jax = await useJax();
    const { numpy: np } = jax;
    const d = jacobianData(n);
    const [w1, w2] = [np.array(d.w1).reshape([n, n]), np.array(d.w2).reshape([n, n])];
    const [b1, b2, x] = [np.array(d.b1), np.array(d.b2), np.array(d.x)];
    const mlp = (v: JArray, p: JArray[]): JArray => np.matmul(p[2]!, np.tanh(np.matmul(p[0]!, v).add(p[1]!))).add(p[3]!);
    const f = (v: JArray): JArray => mlp(v, [w1.ref, b1.ref, w2.ref, b2.ref]);
    if (method === W10_JACREV) {
      if (!jit) return () => void jax.jacrev(f)(x.ref).dataSync();
      // The weights are arguments of the jitted function (closed-over arrays would be traced as new constants).
      const jf = jax.jit((v: JArray, p: JArray[]) => jax.jacrev((u: JArray) => mlp(u, jax.tree.ref(p)))(v));
      return () => void jf(x.ref, [w1.ref, b1.ref, w2.ref, b2.ref]).dataSync();
    }
    const eye = new Float32Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    return () => {
      const [y, pullback] = jax.vjp(f, [x.ref]);
      const rows: JArray[] = [];
      for (let i = 0; i < n; i++) rows.push(pullback(np.array(eye.subarray(i * n, (i + 1) * n)))[0]!);
      np.stack(rows, 0).dataSync();
      pullback.dispose();
      y.dispose();
    };
  };
}

function jacobianCase(n: number, method: Method): Case {
  return {
    name: method,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: nablaSetup(n, method),
      'jax-eager': jaxSetup(n, method, false),
      ...(method === W10_JACREV ? { 'jax-jit': jaxSetup(n, method, true) } : {}),
    },
  };
}

/** W10 at n = 256 (quick: 16): jacrev, then the row loop. */
export const w10: Workload = {
  id: 'W10',
  title: `Jacobian of a ${W10_FULL}-${W10_FULL}-${W10_FULL} tanh MLP (quick ${W10_QUICK})`,
  cases: ({ quick }) => [jacobianCase(quick ? W10_QUICK : W10_FULL, W10_JACREV), jacobianCase(quick ? W10_QUICK : W10_FULL, W10_LOOP)],
};
