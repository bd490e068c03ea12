/**
 * W6: a sequential chain of 100,000 ops on a [1] tensor: 50,000 x `x = x * 0.999 + 0.001`, then sum and
 * backward to the leaf. Measures per-op graph overhead and whether backward survives a deep graph;
 * a RangeError from a recursive walk is reported as "stack overflow".
 */
import type * as TF from '@tensorflow/tfjs-core';
import { tensor } from '@nabla/autograd';
import { useJax } from '../peers/jax.js';
import { useTf, type Tf } from '../peers/tfjs.js';
import type { Case, Workload } from '../runner.js';
import type { JArray } from './train.js';

function chainCase(ops: number): Case {
  const iters = ops / 2;
  const check = (g: number) => {
    if (!Number.isFinite(g)) throw new Error(`chain: gradient is ${g}`);
  };
  const tfSetup = (backend: 'cpu' | 'wasm') => async () => {
    const tf: Tf = await useTf(backend);
    const x0 = tf.tensor1d([0.5]);
    const g = tf.grad((x: TF.Tensor) => {
      for (let i = 0; i < iters; i++) x = tf.add(tf.mul(x, 0.999), 0.001);
      return tf.sum(x);
    });
    return () => {
      const dx = tf.tidy(() => g(x0));
      check(dx.dataSync()[0]!);
      dx.dispose();
    };
  };
  const jaxSetup = (jit: boolean) => async () => {
    const jax = await useJax();
    const x0 = jax.numpy.array(new Float32Array([0.5]));
    const f = (x: JArray) => {
      for (let i = 0; i < iters; i++) x = x.mul(0.999).add(0.001);
      return x.sum();
    };
    const g = jit ? jax.jit(jax.grad(f)) : jax.grad(f);
    return () => check(g(x0.ref).dataSync()[0]!);
  };
  return {
    name: `chain of ${ops.toLocaleString('en-US')} ops on [1]`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () => () => {
        const x0 = tensor([0.5], { requiresGrad: true });
        let x = x0;
        for (let i = 0; i < iters; i++) x = x.mul(0.999).add(0.001);
        x.sum().backward();
        check(x0.grad!.item());
      },
      'tfjs-cpu': tfSetup('cpu'),
      'tfjs-wasm': tfSetup('wasm'),
      'jax-eager': jaxSetup(false),
      'jax-jit': jaxSetup(true),
    },
  };
}

/** W6 at 100,000 ops (quick: 200). */
export const w6: Workload = {
  id: 'W6',
  title: 'sequential chain on a [1] tensor, fwd + bwd',
  cases: ({ quick }) => [chainCase(quick ? 200 : 100_000)],
};
