/**
 * The XOR experiment of the seed article on the Tensor engine, for the page's second tab: a single layer
 * sigmoid(x W^T + b) against a 2-4-1 MLP (tanh hidden layer), both trained by full-batch SGD on mean
 * squared error with @nabla/nn and @nabla/optim. Kept free of the DOM so the same code is tested in Node.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { Linear, Sequential, Sigmoid, Tanh } from '@nabla/nn';
import { mseLoss } from '@nabla/nn/functional';
import { SGD } from '@nabla/optim';

/** The four XOR points and their targets: 1 exactly when the two inputs differ. */
export const XOR_INPUTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_TARGETS: readonly number[] = [0, 1, 1, 0];

export type ModelKind = 'single' | 'mlp';

/** How to set up one run. */
export interface XorOptions {
  kind: ModelKind;
  /** SGD step size. */
  lr: number;
  /** Seeds the initial weights. */
  seed: number;
}

/** A model being trained: call `train(n)` repeatedly (a few steps per animation frame) and read its state. */
export class XorRun {
  readonly model: Sequential;
  readonly losses: number[] = [];
  private readonly opt: SGD;
  private readonly x: Tensor = tensor(XOR_INPUTS.map((p) => [...p]));
  private readonly y: Tensor = tensor(XOR_TARGETS.map((t) => [t]));

  constructor(readonly options: XorOptions) {
    const generator = new Generator(options.seed);
    this.model =
      options.kind === 'single'
        ? new Sequential(new Linear(2, 1, { generator }), new Sigmoid())
        : new Sequential(new Linear(2, 4, { generator }), new Tanh(), new Linear(4, 1, { generator }), new Sigmoid());
    this.opt = new SGD(this.model.parameters(), { lr: options.lr });
  }

  /** Takes `steps` SGD steps on the four points, recording the loss before each update. */
  train(steps: number): void {
    for (let i = 0; i < steps; i++) {
      this.opt.zeroGrad();
      const loss = mseLoss(this.model.forward(this.x), this.y);
      loss.backward();
      this.opt.step();
      this.losses.push(loss.item());
    }
  }

  /** The model's output in (0, 1) for each row of `points` ([n, 2]), without recording a graph. */
  predict(points: readonly (readonly [number, number])[]): Float64Array {
    const out = noGrad(() => this.model.forward(tensor(points.map((p) => [...p]))));
    return Float64Array.from(out.data());
  }

  /** Fraction of the four XOR points on the right side of 0.5. */
  accuracy(): number {
    const p = this.predict(XOR_INPUTS);
    return XOR_TARGETS.filter((t, i) => ((p[i] as number) > 0.5 ? 1 : 0) === t).length / XOR_TARGETS.length;
  }
}

/** An n x n grid of points covering [lo, hi]^2, row by row from the top (x1 = hi) down, for the heat map. */
export function grid(n: number, lo: number, hi: number): [number, number][] {
  const pts: [number, number][] = [];
  const at = (i: number): number => lo + ((hi - lo) * (i + 0.5)) / n;
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) pts.push([at(c), at(n - 1 - r)]);
  return pts;
}
