/** W1: float32 matmul of two square N x N matrices, reported in GFLOP/s (2 N^3 flops per product). */
import { tensor } from '@nabla/autograd';
import { uniformArray } from '../data.js';
import { useJax } from '../peers/jax.js';
import { useTf } from '../peers/tfjs.js';
import type { Case, Workload } from '../runner.js';

function matmulCase(n: number): Case {
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
    name: `N=${n}`,
    metrics: [{ unit: 'GFLOP/s', amount: (2 * n ** 3) / 1e9, formula: '2 N^3 flops' }],
    engines: {
      nabla: () => {
        const [x, y] = [tensor(a, { shape: [n, n] }), tensor(b, { shape: [n, n] })];
        return () => void x.matmul(y).data();
      },
      'tfjs-cpu': tfSetup('cpu'),
      'tfjs-wasm': tfSetup('wasm'),
      'jax-eager': jaxSetup(false),
      'jax-jit': jaxSetup(true),
    },
  };
}

/** W1 at N = 128..1024 (quick: 32, 64). */
export const w1: Workload = {
  id: 'W1',
  title: 'matmul float32, square',
  cases: ({ quick }) => (quick ? [32, 64] : [128, 256, 512, 1024]).map(matmulCase),
};
