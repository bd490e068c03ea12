/**
 * W1: matmul of two square N x N matrices, reported in GFLOP/s (2 N^3 flops per product): float32 on every
 * engine, and float64 on nabla alone (its target is a share of nabla's own float32 figure).
 */
import { tensor } from '@nabla/autograd';
import { uniformArray } from '../data.js';
import { useJax } from '../peers/jax.js';
import { useTf } from '../peers/tfjs.js';
import type { Case, Setup, Workload } from '../runner.js';

const metricsOf = (n: number): Case['metrics'] => [{ unit: 'GFLOP/s', amount: (2 * n ** 3) / 1e9, formula: '2 N^3 flops' }];

/** nabla's product of the two seeded matrices in `dtype`, read back. */
function nablaSetup(n: number, dtype: 'float32' | 'float64'): Setup {
  const [a, b] = [uniformArray(n * n, 1, 11), uniformArray(n * n, 1, 12)];
  return () => {
    const [x, y] = [tensor(a, { shape: [n, n], dtype }), tensor(b, { shape: [n, n], dtype })];
    return () => void x.matmul(y).data();
  };
}

function f32Case(n: number): Case {
  const a = uniformArray(n * n, 1, 11);
  const b = uniformArray(n * n, 1, 12);
  const tfSetup = (backend: 'cpu' | 'wasm') => async () => {
    const tf = await useTf(backend);
    const [x, y] = [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])];
    return () => {
      const out = tf.matMul(x, y);
      out.dataSync();
      out.dispose();
    };
  };
  const jaxSetup = (jit: boolean) => async () => {
    const { numpy: np, jit: jitFn } = await useJax();
    const [x, y] = [np.array(a).reshape([n, n]), np.array(b).reshape([n, n])];
    const mm = jit ? jitFn((p: typeof x, q: typeof x) => np.matmul(p, q)) : (p: typeof x, q: typeof x) => np.matmul(p, q);
    // jax-js arrays are moved into calls, so pass new references; dataSync realises and releases the result.
    return () => void mm(x.ref, y.ref).dataSync();
  };
  return {
    name: `f32 N=${n}`,
    metrics: metricsOf(n),
    engines: {
      nabla: nablaSetup(n, 'float32'),
      'tfjs-cpu': tfSetup('cpu'),
      'tfjs-wasm': tfSetup('wasm'),
      'jax-eager': jaxSetup(false),
      'jax-jit': jaxSetup(true),
    },
  };
}

/** float64 on nabla only: its target is a share of nabla's own float32 figure (and tfjs has no float64). */
const f64Case = (n: number): Case => ({ name: `f64 N=${n}`, metrics: metricsOf(n), engines: { nabla: nablaSetup(n, 'float64') } });

/** W1 at N = 128..1024 (quick: 32, 64), float32 then float64. */
export const w1: Workload = {
  id: 'W1',
  title: 'matmul, square',
  cases: ({ quick }) => {
    const sizes = quick ? [32, 64] : [128, 256, 512, 1024];
    return [...sizes.map(f32Case), ...sizes.map(f64Case)];
  },
};
