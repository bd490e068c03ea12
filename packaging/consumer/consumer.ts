// A strict TypeScript consumer of every entry point except the fast-check one: packaging.test.ts typechecks it
// with skipLibCheck off, under node16 and bundler resolution, with fast-check NOT installed.
import { grad, tensor, type DType, type Tensor } from '@nabla/autograd';
import { gradcheck, type GradcheckOptions } from '@nabla/autograd/testing';
import { Linear, Module, Parameter, Sequential, ReLU, saveSafetensors } from '@nabla/nn';
import * as F from '@nabla/nn/functional';
import { saveFile } from '@nabla/nn/node';
import { Adam, StepLR, clipGradNorm } from '@nabla/optim';

class Mlp extends Module {
  readonly net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
  override forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

const dtype: DType = 'float64';
const model = new Mlp();
const params: Parameter[] = model.parameters();
const opt = new Adam(params, { lr: 1e-3 });
const sched = new StepLR(opt, { stepSize: 10, gamma: 0.5 });
const x = tensor([[1, 2, 3, 4]]);
const loss: Tensor = F.crossEntropy(model.forward(x), tensor([1], { dtype: 'int32' }));
loss.backward();
const norm: number = clipGradNorm(params, 1);
opt.step();
sched.step();
const opts: GradcheckOptions = { atol: 1e-5 };
const ok: boolean = gradcheck((t: Tensor) => t.sin().sum(), [tensor([1, 2], { dtype })], opts);
const dsin = grad((t: Tensor) => t.sin().sum());
const bytes: Uint8Array = saveSafetensors(model.stateDict());
const write: (path: string, m: Module) => void = saveFile;
export { bytes, dsin, norm, ok, write };
