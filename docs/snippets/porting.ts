/** Porting from PyTorch: the same model and training step, and state dicts through safetensors both ways. */
// #region trainStep
import { manualSeed, noGrad, randn, randint, type Tensor } from '@nabla/autograd';
import { Linear, ReLU, Sequential, loadSafetensors, saveSafetensors } from '@nabla/nn';
import { crossEntropy } from '@nabla/nn/functional';
import { SGD } from '@nabla/optim';
// #endregion trainStep

function build(): Sequential {
  // #region trainStep
  const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
  // #endregion trainStep
  return model;
}

export function trainStep(): void {
  manualSeed(0);
  const model = build();
  // #region trainStep
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });

  const x = randn([16, 4]);
  const labels = randint(0, 3, [16]); // int32 class indices (PyTorch: int64)
  for (let step = 0; step < 3; step++) {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), labels, { labelSmoothing: 0.1 });
    loss.backward();
    opt.step();
    console.log(`step ${step}  loss ${loss.item().toFixed(4)}`);
  }
  // #endregion trainStep
}

/** The JSON header of a safetensors file: 8 bytes of little-endian length, then that many bytes of JSON. */
function header(bytes: Uint8Array): string {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd();
}

let saved: { bytes: Uint8Array; model: Sequential } | undefined;

export function toTorch(): void {
  manualSeed(0);
  // #region toTorch
  const model = build();
  console.log(Object.keys(model.stateDict())); // PyTorch's names: index in the Sequential, then the field
  const bytes = saveSafetensors(model.stateDict(), { framework: 'nabla' }); // write these bytes to model.safetensors
  // #endregion toTorch
  console.log(header(bytes).replaceAll('},', '},\n '));
  saved = { bytes, model };
}

export function fromTorch(): void {
  if (saved === undefined) toTorch();
  const { bytes, model: original } = saved!;
  // #region fromTorch
  const { tensors, metadata } = loadSafetensors(bytes); // bytes read from a file PyTorch saved
  const model = build();
  const { missingKeys, unexpectedKeys } = model.loadStateDict(tensors); // strict: throws on any mismatch
  // #endregion fromTorch
  const x = randn([2, 4]);
  const same = noGrad(() => model.forward(x).sub(original.forward(x) as Tensor).abs().max().item());
  console.log(metadata, missingKeys, unexpectedKeys, `max difference ${same}`);
}

export function main(): void {
  for (const part of [trainStep, toTorch, fromTorch]) part();
}
