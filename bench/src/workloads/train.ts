/**
 * Training-step builders shared by W2 (MLP) and W3 (CNN): each takes an engine's loss function and
 * parameters and returns a Step that runs forward, backward and an SGD update, then reads the loss back.
 */
import type * as JAX from '@jax-js/jax';
import type * as TF from '@tensorflow/tfjs-core';
import { manualSeed, tensor } from '@nabla/autograd';
import { uniformArray } from '../data.js';
import { loadNn, type Layer, type NnApi } from '../nabla-api.js';
import type { Jax } from '../peers/jax.js';
import type { Tf } from '../peers/tfjs.js';
import type { Step } from '../runner.js';

/** A jax-js array. */
export type JArray = JAX.Array;
export const LR = 0.01;
let tfVarCount = 0; // tfjs registers variables by name, globally

/** Parameter values: one seeded uniform draw per tensor, with PyTorch's 1/sqrt(fanIn) bound. */
export interface ParamSpec {
  shape: number[];
  fanIn: number;
}

/** One seeded uniform array per parameter, U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export const initialValues = (specs: readonly ParamSpec[]): Float32Array[] =>
  specs.map((s, i) => uniformArray(s.shape.reduce((a, b) => a * b, 1), 1 / Math.sqrt(s.fanIn), 100 + i));

/**
 * nabla: the model from `@nabla/nn`, crossEntropy from `@nabla/nn/functional`, SGD from `@nabla/optim`.
 * Eager, so the step is done when `item()` returns the loss.
 */
export async function nablaTrainStep(
  build: (api: Pick<NnApi, 'Sequential' | 'Linear' | 'ReLU' | 'Conv2d' | 'MaxPool2d' | 'Flatten'>) => Layer,
  needs: readonly ('Conv2d' | 'MaxPool2d' | 'Flatten')[],
  x: { data: Float32Array; shape: number[] },
  labels: Int32Array,
): Promise<Step> {
  const api = (await loadNn(['Sequential', 'Linear', 'ReLU', 'crossEntropy', 'SGD', ...needs])) as NnApi;
  manualSeed(0);
  const model = build(api);
  const opt = new api.SGD(model.parameters(), { lr: LR });
  const xs = tensor(x.data, { shape: x.shape });
  const ys = tensor(labels, { dtype: 'int32' });
  return () => {
    opt.zeroGrad();
    const loss = api.crossEntropy(model.forward(xs), ys);
    loss.backward();
    opt.step();
    loss.item();
  };
}

/** tfjs: tf.variableGrads over the variables, an SGD assign per variable, all inside tf.tidy. */
export function tfTrainStep(tf: Tf, values: readonly Float32Array[], specs: readonly ParamSpec[], loss: (vars: TF.Variable[]) => TF.Scalar): Step {
  const vars = specs.map((s, i) => tf.variable(tf.tensor(values[i]!, s.shape), true, `bench${++tfVarCount}`));
  return () => {
    const value = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => loss(vars), vars);
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, LR)));
      return value;
    });
    value.dataSync();
    value.dispose();
  };
}

/**
 * jax-js: valueAndGrad of the loss over a list of parameter arrays, then p - lr g; optionally the whole
 * step under jit. Arrays are moved into calls (jax-js ownership), hence the `.ref`s.
 */
export function jaxTrainStep(
  jax: Jax,
  values: readonly Float32Array[],
  specs: readonly ParamSpec[],
  inputs: { x: JArray; y: JArray },
  loss: (p: JArray[], x: JArray, y: JArray) => JArray,
  jit: boolean,
): Step {
  const { numpy: np, tree } = jax;
  let params: JArray[] = specs.map((s, i) => np.array(values[i]!).reshape(s.shape));
  const step = (p: JArray[], x: JArray, y: JArray): [JArray, JArray[]] => {
    const [value, grads] = jax.valueAndGrad(loss)(tree.ref(p), x, y);
    return [value, p.map((w, i) => w.sub(grads[i]!.mul(LR)))];
  };
  const run = jit ? jax.jit(step) : step;
  return () => {
    const [value, next] = run(params, inputs.x.ref, inputs.y.ref);
    params = next;
    value.dataSync();
  };
}

/** Mean softmax cross-entropy with int labels, for jax-js: -mean(sum(onehot(y) * logSoftmax(z))). */
export function jaxCrossEntropy(jax: Jax, logits: JArray, y: JArray, classes: number): JArray {
  const batch = logits.shape[0]!;
  return jax.nn.logSoftmax(logits, -1).mul(jax.nn.oneHot(y, classes)).sum().mul(-1 / batch);
}
