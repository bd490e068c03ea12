/**
 * W3: one SGD training step of a small CNN on [32, 1, 28, 28]: Conv2d 8 3x3 pad 1, ReLU, MaxPool 2,
 * Conv2d 16 3x3 pad 1, ReLU, MaxPool 2, flatten, Linear 10, softmax cross-entropy. nabla and jax-js take
 * NCHW; tfjs takes its native NHWC (the same numbers in another layout).
 */
import type * as TF from '@tensorflow/tfjs-core';
import { labelArray, uniformArray } from '../data.js';
import { useJax } from '../peers/jax.js';
import { useTf, type Tf } from '../peers/tfjs.js';
import type { Case, Workload } from '../runner.js';
import { initialValues, jaxCrossEntropy, jaxTrainStep, nablaTrainStep, tfTrainStep, type JArray, type ParamSpec } from './train.js';

interface CnnSize {
  batch: number;
  side: number; // input height = width, divisible by 4
}

const C1 = 8;
const C2 = 16;
const CLASSES = 10;

function cnnCase({ batch, side }: CnnSize): Case {
  const flat = C2 * (side / 4) ** 2;
  const x = uniformArray(batch * side * side, 1, 31);
  const labels = labelArray(batch, CLASSES, 32);
  const specsNchw: ParamSpec[] = [
    { shape: [C1, 1, 3, 3], fanIn: 9 }, { shape: [C1], fanIn: 9 },
    { shape: [C2, C1, 3, 3], fanIn: 9 * C1 }, { shape: [C2], fanIn: 9 * C1 },
    { shape: [flat, CLASSES], fanIn: flat }, { shape: [CLASSES], fanIn: flat },
  ];
  // tfjs filters are [kh, kw, in, out]; timing does not depend on which numbers sit where.
  const specsNhwc: ParamSpec[] = specsNchw.map((s) => (s.shape.length === 4 ? { ...s, shape: [3, 3, s.shape[1]!, s.shape[0]!] } : s));
  const values = initialValues(specsNchw);

  const tfSetup = (backend: 'cpu' | 'wasm') => async () => {
    const tf: Tf = await useTf(backend);
    const xs = tf.tensor4d(x, [batch, side, side, 1]);
    const ys = tf.tensor1d(labels, 'int32');
    return tfTrainStep(tf, values, specsNhwc, ([k1, b1, k2, b2, w, b]) => {
      const block = (h: TF.Tensor4D, k: TF.Tensor, b: TF.Tensor): TF.Tensor4D =>
        tf.maxPool(tf.relu(tf.add(tf.conv2d(h, k as TF.Tensor4D, 1, 'same'), b)), 2, 2, 'valid');
      const h = block(block(xs, k1!, b1!), k2!, b2!);
      const logits = tf.add(tf.matMul(tf.reshape(h, [batch, flat]), w!), b!);
      return tf.losses.softmaxCrossEntropy(tf.oneHot(ys, CLASSES), logits);
    });
  };

  const jaxSetup = (jit: boolean) => async () => {
    const jax = await useJax();
    const { numpy: np, lax } = jax;
    const inputs = { x: np.array(x).reshape([batch, 1, side, side]), y: np.array(labels, { dtype: np.int32 }) };
    // 2x2 max pool as a max over the two split axes of [n, c, h/2, 2, w/2, 2].
    const pool = (h: JArray) => {
      const [n, c, hh, ww] = h.shape as [number, number, number, number];
      return np.max(h.reshape([n, c, hh / 2, 2, ww / 2, 2]), [3, 5]);
    };
    const block = (h: JArray, k: JArray, b: JArray, c: number) =>
      pool(jax.nn.relu(lax.conv(h, k, [1, 1], [[1, 1], [1, 1]]).add(b.reshape([1, c, 1, 1]))));
    const loss = ([k1, b1, k2, b2, w, b]: JArray[], xs: JArray, ys: JArray) => {
      const h = block(block(xs, k1!, b1!, C1), k2!, b2!, C2);
      return jaxCrossEntropy(jax, np.matmul(h.reshape([batch, flat]), w!).add(b!), ys, CLASSES);
    };
    return jaxTrainStep(jax, values, specsNchw, inputs, loss, jit);
  };

  return {
    name: `[${batch},1,${side},${side}]`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () =>
        nablaTrainStep(
          (api) =>
            new api.Sequential(
              new api.Conv2d(1, C1, 3, { padding: 1 }), new api.ReLU(), new api.MaxPool2d(2),
              new api.Conv2d(C1, C2, 3, { padding: 1 }), new api.ReLU(), new api.MaxPool2d(2),
              new api.Flatten(), new api.Linear(flat, CLASSES),
            ),
          ['Conv2d', 'MaxPool2d', 'Flatten'],
          { data: x, shape: [batch, 1, side, side] },
          labels,
        ),
      'tfjs-cpu': tfSetup('cpu'),
      'tfjs-wasm': tfSetup('wasm'),
      'jax-eager': jaxSetup(false),
      'jax-jit': jaxSetup(true),
    },
  };
}

/** W3 at [32,1,28,28] (quick: [4,1,8,8]). */
export const w3: Workload = {
  id: 'W3',
  title: 'CNN training step (fwd + bwd + SGD)',
  cases: ({ quick }) => [cnnCase(quick ? { batch: 4, side: 8 } : { batch: 32, side: 28 })],
};
