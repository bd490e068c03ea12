import { Tensor, ValueError, describe, fmtShape } from '@nabla/autograd';

// Hyperparameter checks shared by the optimizers. `op` names the optimizer (and the param group, when the
// value came from one), so a message reads "Adam (param group 1): invalid learning rate: -1 (...)".

const isNum = (x: unknown): x is number => typeof x === 'number';

/** A finite number >= 0 (lr, weightDecay, momentum, lrDecay, ...); NaN and Infinity are rejected. */
export function checkNonNegative(op: string, what: string, x: unknown): void {
  if (!isNum(x) || !Number.isFinite(x) || x < 0) {
    throw new ValueError(`${op}: invalid ${what}: ${isNum(x) ? x : describe(x)} (expected a finite number >= 0)`);
  }
}

/** The learning rate: a finite number >= 0. */
export const checkLr = (op: string, lr: unknown): void => checkNonNegative(op, 'learning rate', lr);

/** eps: a finite number > 0 (PyTorch accepts 0, which divides by zero once a second moment is 0). */
export function checkEps(op: string, eps: unknown): void {
  if (!isNum(eps) || !Number.isFinite(eps) || eps <= 0) {
    throw new ValueError(`${op}: invalid epsilon value: ${isNum(eps) ? eps : describe(eps)} (expected a finite number > 0)`);
  }
}

/** A coefficient in [0, 1) (betas) or, with `closed`, in [0, 1] (rho, alpha). */
export function checkUnit(op: string, what: string, x: unknown, closed = false): void {
  const ok = isNum(x) && x >= 0 && (closed ? x <= 1 : x < 1);
  if (!ok) {
    throw new ValueError(`${op}: invalid ${what}: ${isNum(x) ? x : describe(x)} (expected 0 <= ${what} ${closed ? '<= 1' : '< 1'})`);
  }
}

/** `betas`: a pair of numbers, each in [0, 1). */
export function checkBetas(op: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new ValueError(`${op}: betas must be a pair [beta1, beta2], got ${describe(betas)}`);
  }
  betas.forEach((b: unknown, i) => {
    if (!isNum(b) || !(b >= 0 && b < 1)) {
      throw new ValueError(`${op}: invalid beta parameter at index ${i}: ${isNum(b) ? b : describe(b)} (expected 0 <= beta < 1)`);
    }
  });
}

/** A boolean flag such as `amsgrad` or `maximize`. */
export function checkBool(op: string, what: string, x: unknown): void {
  if (typeof x !== 'boolean') throw new ValueError(`${op}: ${what} must be a boolean, got ${describe(x)}`);
}

/** A positive integer (stepSize, tMax, totalSteps, ...). */
export function checkPositiveInt(op: string, what: string, x: unknown): void {
  if (!isNum(x) || !Number.isInteger(x) || x <= 0) {
    throw new ValueError(`${op}: ${what} must be a positive integer, got ${isNum(x) ? x : describe(x)}`);
  }
}

/** A finite number with an optional exclusive lower bound. */
export function checkFinite(op: string, what: string, x: unknown, above?: number): void {
  if (!isNum(x) || !Number.isFinite(x) || (above !== undefined && !(x > above))) {
    const want = above === undefined ? 'a finite number' : `a finite number > ${above}`;
    throw new ValueError(`${op}: invalid ${what}: ${isNum(x) ? x : describe(x)} (expected ${want})`);
  }
}

/**
 * At `step()`: every group's hyperparameters are valid again (users and schedulers may change `lr` and
 * friends between steps; an `lr` of NaN would otherwise turn every parameter into NaN).
 */
export function checkGroupsAtStep<G>(name: string, groups: readonly G[], validate: (g: G, op: string) => void): void {
  groups.forEach((g, gi) => validate(g, `${name}.step (param group ${gi})`));
}

/** A parameter's `.grad` as the optimizer reads it: a Tensor (plain JS may assign anything). */
export function checkGradKind(where: string, p: Tensor, grad: unknown): asserts grad is Tensor {
  if (!(grad instanceof Tensor)) {
    throw new ValueError(`${where} is ${describe(grad)}; it must be a Tensor of the parameter's shape ${fmtShape(p.shape)} or null`);
  }
}

/** The lrs a scheduler computed: finite numbers, checked before any is written into the optimizer. */
export function checkScheduledLrs(name: string, epoch: number, lrs: readonly number[]): void {
  lrs.forEach((lr, i) => {
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new ValueError(`${name}.step: the lr for param group ${i} at epoch ${epoch} would be ${describe(lr)} (expected a finite number); nothing was changed`);
    }
  });
}
