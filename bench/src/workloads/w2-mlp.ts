/** W2: one SGD training step of a 784-256-128-10 ReLU MLP with softmax cross-entropy on int labels. */
import { labelArray, uniformArray } from '../data.js';
import type { Layer, NnApi } from '../nabla-api.js';
import { useJax } from '../peers/jax.js';
import { useTf, type Tf } from '../peers/tfjs.js';
import type { Case, Step, Workload } from '../runner.js';
import { initialValues, jaxCrossEntropy, jaxTrainStep, nablaTrainStep, tfTrainStep, type JArray, type ParamSpec } from './train.js';

/** Batch size and layer widths of the W2 MLP. */
export interface MlpSize {
  batch: number;
  sizes: number[]; // layer widths, input first
}

/** The sizes, and tiny ones for --quick. */
export const W2_FULL: MlpSize = { batch: 128, sizes: [784, 256, 128, 10] };
export const W2_QUICK: MlpSize = { batch: 8, sizes: [32, 16, 8, 10] };

/** Weight [in, out] (the layout x W wants) and bias [out] per layer. */
const specsOf = ({ sizes }: MlpSize): ParamSpec[] =>
  sizes.slice(1).flatMap((out, l) => [{ shape: [sizes[l]!, out], fanIn: sizes[l]! }, { shape: [out], fanIn: sizes[l]! }]);

/** nabla's model: Linear and ReLU layers in a Sequential. */
export function nablaMlp(api: Pick<NnApi, 'Sequential' | 'Linear' | 'ReLU'>, { sizes }: MlpSize): Layer {
  const layers: Layer[] = [];
  sizes.slice(1).forEach((out, l) => {
    layers.push(new api.Linear(sizes[l]!, out));
    if (l < sizes.length - 2) layers.push(new api.ReLU());
  });
  return new api.Sequential(...layers);
}

/** The W2 inputs: a seeded uniform batch and int labels, the same for every engine. */
export function mlpData(size: MlpSize): { x: Float32Array; labels: Int32Array } {
  return { x: uniformArray(size.batch * size.sizes[0]!, 1, 21), labels: labelArray(size.batch, size.sizes.at(-1)!, 22) };
}

/** nabla's W2 step at `size` (also driven by the memory run). */
export function nablaMlpStep(size: MlpSize): Promise<Step> {
  const { x, labels } = mlpData(size);
  return nablaTrainStep((api) => nablaMlp(api, size), [], { data: x, shape: [size.batch, size.sizes[0]!] }, labels);
}

function mlpCase(size: MlpSize): Case {
  const { batch, sizes } = size;
  const classes = sizes.at(-1)!;
  const { x, labels } = mlpData(size);
  const specs = specsOf(size);
  const values = initialValues(specs);
  const tfSetup = (backend: 'cpu' | 'wasm') => async () => {
    const tf: Tf = await useTf(backend);
    const xs = tf.tensor2d(x, [batch, sizes[0]!]);
    const ys = tf.tensor1d(labels, 'int32');
    return tfTrainStep(tf, values, specs, (p) => {
      let h = xs;
      for (let l = 0; l < p.length; l += 2) {
        h = tf.add(tf.matMul(h, p[l]!), p[l + 1]!);
        if (l + 2 < p.length) h = tf.relu(h);
      }
      return tf.losses.softmaxCrossEntropy(tf.oneHot(ys, classes), h);
    });
  };
  const jaxSetup = (jit: boolean) => async () => {
    const jax = await useJax();
    const { numpy: np } = jax;
    const inputs = { x: np.array(x).reshape([batch, sizes[0]!]), y: np.array(labels, { dtype: np.int32 }) };
    const loss = (p: JArray[], xs: JArray, ys: JArray) => {
      let h = xs;
      for (let l = 0; l < p.length; l += 2) {
        h = np.matmul(h, p[l]!).add(p[l + 1]!);
        if (l + 2 < p.length) h = jax.nn.relu(h);
      }
      return jaxCrossEntropy(jax, h, ys, classes);
    };
    return jaxTrainStep(jax, values, specs, inputs, loss, jit);
  };
  return {
    name: `batch ${batch}, ${sizes.join('-')}`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () => nablaMlpStep(size),
      'tfjs-cpu': tfSetup('cpu'),
      'tfjs-wasm': tfSetup('wasm'),
      'jax-eager': jaxSetup(false),
      'jax-jit': jaxSetup(true),
    },
  };
}

/** W2 at the full or quick size. */
export const w2: Workload = {
  id: 'W2',
  title: 'MLP training step (fwd + bwd + SGD)',
  cases: ({ quick }) => [mlpCase(quick ? W2_QUICK : W2_FULL)],
};
