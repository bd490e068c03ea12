/**
 * W5: y = sum(tanh(x * w + b)) over N float32 elements, forward and backward with respect to w and b.
 * Effective bandwidth counts the minimum traffic of a fused forward + backward: read x, w, b and write
 * dy/dw, dy/db, i.e. 5 arrays x 4 bytes x N = 20 N bytes per run (unfused engines move more).
 * Every engine reads y and both gradients back, so a lazy engine cannot skip work.
 */
import { tensor } from '@nabla/autograd';
import { uniformArray } from '../data.js';
import { useJax } from '../peers/jax.js';
import { useTf, type Tf } from '../peers/tfjs.js';
import type { Case, Workload } from '../runner.js';
import type { JArray } from './train.js';

function tanhCase(n: number): Case {
  const [x, w, b] = [uniformArray(n, 1, 51), uniformArray(n, 1, 52), uniformArray(n, 1, 53)];
  const tfSetup = (backend: 'cpu' | 'wasm') => async () => {
    const tf: Tf = await useTf(backend);
    const [xs, ws, bs] = [tf.tensor1d(x), tf.tensor1d(w), tf.tensor1d(b)];
    const f = tf.valueAndGrads((wt, bt) => tf.sum(tf.tanh(tf.add(tf.mul(xs, wt!), bt!))));
    return () => {
      const { value, grads } = f([ws, bs]);
      value.dataSync();
      for (const g of grads) g.dataSync();
      tf.dispose([value, ...grads]);
    };
  };
  const jaxSetup = (jit: boolean) => async () => {
    const { numpy: np, valueAndGrad, jit: jitFn } = await useJax();
    const [xs, ws, bs] = [np.array(x), np.array(w), np.array(b)];
    const loss = (wt: JArray, bt: JArray, xt: JArray) => np.tanh(xt.mul(wt).add(bt)).sum();
    const vg = valueAndGrad(loss, { argnums: [0, 1] });
    const f = jit ? jitFn(vg) : vg;
    return () => {
      const [value, [dw, db]] = f(ws.ref, bs.ref, xs.ref);
      value.dataSync();
      dw.dataSync();
      db.dataSync();
    };
  };
  return {
    name: `N=${n.toLocaleString('en-US')}`,
    metrics: [{ unit: 'ms' }, { unit: 'GB/s', amount: (20 * n) / 1e9, formula: '20 N bytes: read x, w, b; write dw, db (float32)' }],
    engines: {
      nabla: () => {
        const xs = tensor(x);
        const [ws, bs] = [tensor(w, { requiresGrad: true }), tensor(b, { requiresGrad: true })];
        return () => {
          ws.grad = null;
          bs.grad = null;
          const y = xs.mul(ws).add(bs).tanh().sum();
          y.backward();
          y.item();
          ws.grad!.data();
          bs.grad!.data();
        };
      },
      'tfjs-cpu': tfSetup('cpu'),
      'tfjs-wasm': tfSetup('wasm'),
      'jax-eager': jaxSetup(false),
      'jax-jit': jaxSetup(true),
    },
  };
}

/** W5 at N = 1,000,000 (quick: 10,000). */
export const w5: Workload = {
  id: 'W5',
  title: 'sum(tanh(x * w + b)), fwd + bwd',
  cases: ({ quick }) => [tanhCase(quick ? 10_000 : 1_000_000)],
};
