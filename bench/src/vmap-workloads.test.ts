import { setBackend, type BackendName } from '@nabla/autograd';
import { afterAll, describe, expect, it } from 'vitest';
import { withBackend } from './backends.js';
import { W10_JACREV, W10_LOOP, W10_QUICK, byJacrev, byRowLoop, compareJacobians, jacobianData, nablaMlp, w10 } from './workloads/w10-jacrev.js';
import { W11_BATCHED, W11_FLOOR, W11_PER_SAMPLE, batchedGrads, comparePerSample, perSampleArgs, perSampleGrads, w11 } from './workloads/w11-per-sample.js';
import { W2_QUICK } from './workloads/w2-mlp.js';

const saved = setBackend('wasm');
afterAll(() => setBackend(saved));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));

/** J = W2 diag(1 - tanh^2(W1 x + b1)) W1, in float64 from the seeded arrays: the closed form of W10's Jacobian. */
function closedFormJacobian(n: number): Float64Array {
  const { w1, b1, w2, x } = jacobianData(n);
  const d = Array.from({ length: n }, (_, h) => {
    let z = b1[h]!;
    for (let k = 0; k < n; k++) z += w1[h * n + k]! * x[k]!;
    return 1 - Math.tanh(z) ** 2;
  });
  const j = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let h = 0; h < n; h++) s += w2[i * n + h]! * d[h]! * w1[h * n + k]!;
      j[i * n + k] = s;
    }
  }
  return j;
}

describe.each<BackendName>(['wasm', 'cpu'])('W10 on %s: jacrev and the vjp row loop', (backend) => {
  it('both give the closed-form Jacobian W2 diag(tanh\'(W1 x + b1)) W1, and agree with each other as the setup checks', () => {
    withBackend(backend, () => {
      const want = closedFormJacobian(W10_QUICK);
      const { f, x } = nablaMlp(W10_QUICK);
      const xBefore = x.toArray();
      for (const jac of [byJacrev(f, x), byRowLoop(f, x)]) {
        expect(jac.shape).toEqual([W10_QUICK, W10_QUICK]);
        expect(maxAbsDiff(jac.data(), want)).toBeLessThan(1e-6);
      }
      expect(x.toArray()).toEqual(xBefore);
      const { maxDiff, maxAbs } = compareJacobians(W10_QUICK);
      expect(maxAbs).toBeGreaterThan(0.05); // a Jacobian of zeros would make the comparison vacuous
      expect(maxDiff).toBeLessThan(1e-6);
    });
  });
});

describe.each<BackendName>(['wasm', 'cpu'])('W11 on %s: per-sample gradients', (backend) => {
  it('example i of vmap(grad) is the gradient of the loss on example i alone; their mean is the batched gradient', () => {
    withBackend(backend, () => {
      const args = perSampleArgs(W2_QUICK);
      const per = perSampleGrads(args);
      const [x, y] = [args[6], args[7]];
      expect(per.map((g) => g.shape)).toEqual(args.slice(0, 6).map((p) => [W2_QUICK.batch, ...p.shape]));
      for (const i of [0, 5]) {
        const one = batchedGrads([...args.slice(0, 6), x.narrow(0, i, 1), y.narrow(0, i, 1)] as typeof args);
        one.forEach((g, k) => expect(maxAbsDiff(per[k]!.select(0, i).data(), g.data()), `example ${i} param ${k}`).toBeLessThan(1e-6));
      }
      // The examples' gradients differ (a broadcast of one gradient would pass the mean check on its own).
      expect(maxAbsDiff(per[5]!.select(0, 0).data(), per[5]!.select(0, 1).data())).toBeGreaterThan(1e-3);
      const { maxDiff, maxAbs, shapes } = comparePerSample(W2_QUICK);
      expect(shapes[0]).toEqual([W2_QUICK.batch, W2_QUICK.sizes[0], W2_QUICK.sizes[1]]);
      expect(maxAbs).toBeGreaterThan(0.01);
      expect(maxDiff).toBeLessThan(1e-6);
    });
  });
});

describe('W10 and W11 cases', () => {
  it('size-free cases (the targets pair them by name), nabla and jax-js only; no jitted row loop; W11 has a memory floor', () => {
    const engines = (w: typeof w10, quick: boolean) => w.cases({ quick }).map((c) => [c.name, Object.keys(c.engines)]);
    for (const quick of [true, false]) {
      expect(engines(w10, quick)).toEqual([[W10_JACREV, ['nabla', 'jax-eager', 'jax-jit']], [W10_LOOP, ['nabla', 'jax-eager']]]);
      expect(engines(w11, quick)).toEqual([
        [W11_PER_SAMPLE, ['nabla', 'jax-eager', 'jax-jit']],
        [W11_BATCHED, ['nabla', 'jax-eager', 'jax-jit']],
        [W11_FLOOR, ['nabla']],
      ]);
    }
  });

  it("nabla's setups pass their agreement check and their steps run", async () => {
    for (const w of [w10, w11]) {
      for (const c of w.cases({ quick: true })) {
        const step = await c.engines.nabla!();
        await expect(Promise.resolve(step())).resolves.toBeUndefined();
      }
    }
  });
});
