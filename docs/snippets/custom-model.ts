/** A Module subclass end to end: fields become parameters, forward, a training loop, evaluation and saving. */
// #region model
import { Parameter, Linear, Module, loadSafetensors, saveSafetensors } from '@nabla/nn';
import { mseLoss } from '@nabla/nn/functional';
import { Adam } from '@nabla/optim';
import { linspace, manualSeed, noGrad, ones, type Tensor } from '@nabla/autograd';
// #endregion model
// #region saveToFile
import { loadFile, saveFile } from '@nabla/nn/node';
// #endregion saveToFile
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// #region model

/** x [N, 1] -> [N, 1]: a small residual MLP with a learned output scale. */
class ResidualMLP extends Module {
  input: Linear;
  blocks: Linear[];
  output: Linear;
  scale: Parameter;

  constructor(hidden: number, depth: number) {
    super();
    this.input = new Linear(1, hidden); // a Module field: its parameters are input.weight, input.bias
    this.blocks = Array.from({ length: depth }, () => new Linear(hidden, hidden)); // blocks.0.weight, ...
    this.output = new Linear(hidden, 1);
    this.scale = new Parameter(ones([1])); // a Parameter field is a parameter: scale
  }

  forward(x: Tensor): Tensor {
    let h = this.input.forward(x).tanh();
    for (const block of this.blocks) h = h.add(block.forward(h).tanh()); // h + f(h)
    return this.output.forward(h).mul(this.scale);
  }
}
// #endregion model

export function inspect(): void {
  manualSeed(0);
  // #region inspect
  const model = new ResidualMLP(16, 2);
  for (const [name, p] of model.namedParameters()) console.log(name.padEnd(16), p.shape);
  console.log(model.summary());
  // #endregion inspect
}

/** The data: y = sin(3x) on [-1, 1]. */
function data(): { x: Tensor; y: Tensor } {
  // #region data
  const x = linspace(-1, 1, 64).reshape([64, 1]);
  const y = x.mul(3).sin();
  // #endregion data
  return { x, y };
}

let trained: ResidualMLP | undefined;

/** The model trained by `train` (trained once, then reused). */
function trainedModel(): ResidualMLP {
  return (trained ??= train(false).model);
}

/** Trains a fresh model and returns it with its final loss. */
export function train(log = true): { model: ResidualMLP; loss: number } {
  const { x, y } = data();
  // #region train
  manualSeed(0); // every random initialisation below is reproducible
  const model = new ResidualMLP(16, 2);
  const opt = new Adam(model.parameters(), { lr: 0.01 });

  let loss = Infinity;
  for (let step = 1; step <= 300; step++) {
    opt.zeroGrad(); // gradients accumulate: clear the last step's
    const l = mseLoss(model.forward(x), y); // forward
    l.backward(); // backward: fills p.grad for every parameter
    opt.step(); // update: Adam's rule, in place
    loss = l.item();
    if (log && step % 100 === 0) console.log(`step ${step}  loss ${loss.toFixed(5)}`);
  }
  // #endregion train
  trained = model;
  return { model, loss };
}

export function evaluate(): void {
  const model = trainedModel();
  // #region evaluate
  model.eval(); // Dropout and BatchNorm switch to inference behaviour (this model has neither)
  const test = linspace(-0.9, 0.9, 4).reshape([4, 1]);
  const pred = noGrad(() => model.forward(test)); // no graph: faster, less memory
  for (const [i, p] of Array.from(pred.data()).entries()) {
    const x = test.data()[i]!;
    console.log(`x ${x.toFixed(2)}  prediction ${p.toFixed(3)}  sin(3x) ${Math.sin(3 * x).toFixed(3)}`);
  }
  // #endregion evaluate
}

export function save(): void {
  const model = trainedModel();
  const test = linspace(-1, 1, 5).reshape([5, 1]);
  // #region save
  const bytes = saveSafetensors(model.stateDict(), { note: 'sin(3x) fit' }); // a Uint8Array
  const copy = new ResidualMLP(16, 2); // different random weights
  copy.loadStateDict(loadSafetensors(bytes).tensors);
  const same = noGrad(() => copy.forward(test).sub(model.forward(test)).abs().max().item());
  console.log(`${bytes.length} bytes, largest difference after reload: ${same}`);

  try {
    new ResidualMLP(16, 3).loadStateDict(model.stateDict()); // one block more: blocks.2.* is missing
  } catch (e) {
    console.log((e as Error).message);
  }
  // #endregion save
}

export function saveToFile(): void {
  const model = trainedModel();
  const dir = mkdtempSync(join(tmpdir(), 'nabla-docs-'));
  try {
    // #region saveToFile
    const path = join(dir, 'model.safetensors');
    saveFile(path, model, { epoch: '300' }); // Node only: @nabla/nn/node is the one part that touches node:fs
    const { tensors, metadata } = loadFile(path);
    model.loadStateDict(tensors);
    console.log(Object.keys(tensors).length, 'tensors, metadata', metadata);
    // #endregion saveToFile
  } finally {
    rmSync(dir, { recursive: true });
  }
}

export function main(): void {
  inspect();
  train();
  evaluate();
  save();
  saveToFile();
}
