import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValueError, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { closeTo, parseFixture } from './fixtures/torch.js';
import { LBFGS, type LBFGSOptions } from './lbfgs.js';
import { twoLoopRecursion, updateHistory, type LBFGSHistory } from './lbfgs-math.js';

const TORCH = parseFixture(readFileSync(new URL('./fixtures/torch-wave2.json', import.meta.url), 'utf8'));
const leaf = (xs: number[] | number[][]) => tensor(xs, { dtype: 'float64', requiresGrad: true });
const rosen = ([x]: Tensor[]) => {
  const [a, b] = [x!.slice([[0, 1]]).sum(), x!.slice([[1, 2]]).sum()];
  return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100));
};
const A = tensor([[4, 1, 0.5, 0, 0.2], [1, 3, 0.3, 0.1, 0], [0.5, 0.3, 2, 0.4, 0.1], [0, 0.1, 0.4, 1.5, 0.3], [0.2, 0, 0.1, 0.3, 1]], { dtype: 'float64' });
const B = tensor([1, -2, 0.5, 3, -1], { dtype: 'float64' });
const quad5 = ([x]: Tensor[]) => x!.matmul(A).matmul(x!).mul(0.5).sub(B.matmul(x!));
const X = tensor([[1, 2], [0.5, -1], [-1.5, 0.3], [2, 0.7]], { dtype: 'float64' });
const Y = tensor([[1, 0, 2], [0.5, -1, 0], [-2, 1, 1], [3, 0.2, -0.5]], { dtype: 'float64' });
// Extended Rosenbrock in 10-d and Beale's function: longer line searches with bracketing and zooming.
const rosen10 = ([x]: Tensor[]) => {
  const [a, b] = [x!.slice([[0, 9]]), x!.slice([[1, 10]])];
  return a.neg().add(1).square().sum().add(b.sub(a.square()).square().sum().mul(100));
};
const beale = ([p]: Tensor[]) => {
  const [x, y] = [p!.slice([[0, 1]]).sum(), p!.slice([[1, 2]]).sum()];
  const term = (c: number, k: number) => x.neg().add(c).add(x.mul(y.pow(k))).square();
  return term(1.5, 1).add(term(2.25, 2)).add(term(2.625, 3));
};
const lsq = ([w, b]: Tensor[]) => X.matmul(w!).add(b!).sub(Y).square().mean().add(w!.pow(4).sum().mul(0.1));

/** Runs `steps` LBFGS steps; returns the returned losses, parameters after each step and closure calls. */
function run(f: (ps: Tensor[]) => Tensor, x0: (number[] | number[][])[], o: LBFGSOptions, steps: number) {
  const ps = x0.map(leaf);
  const opt = new LBFGS(ps, o);
  let calls = 0;
  const closure = () => {
    calls++;
    opt.zeroGrad();
    const l = f(ps);
    l.backward();
    return l;
  };
  const losses: number[] = [];
  const params: number[][][] = [];
  for (let k = 0; k < steps; k++) {
    losses.push(opt.step(closure).item());
    params.push(ps.map((p) => Array.from(p.data())));
  }
  return { opt, ps, losses, params, calls, closure };
}

describe('LBFGS against PyTorch 1.13 (float64 fixture)', () => {
  // Tolerances are relative. The 10-d Rosenbrock runs 79 iterations along a curved valley, where round-off
  // differences in sums (pairwise here, vectorised in PyTorch) grow from 1e-16 to about 1e-8; every branch
  // decision, and so every evaluation count, still matches exactly.
  const cases: [keyof typeof TORCH.lbfgs, (ps: Tensor[]) => Tensor, (number[] | number[][])[], LBFGSOptions, number, number?][] = [
    ['rosenStrongWolfe', rosen, [[-1.5, 2]], { lineSearchFn: 'strongWolfe' }, 4],
    ['rosenFixed', rosen, [[-1.2, 1]], { lr: 0.05, maxIter: 10, historySize: 4 }, 3],
    ['quad5Fixed', quad5, [[0, 0, 0, 0, 0]], { maxIter: 7, historySize: 3 }, 2],
    ['lsqWolfe', lsq, [[[0.1, -0.2, 0.3], [0, 0.5, -0.4]], [0, 0, 0]], { lineSearchFn: 'strongWolfe', historySize: 2, maxIter: 6, lr: 0.8 }, 3],
    ['rosen10Wolfe', rosen10, [[-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1]], { lineSearchFn: 'strongWolfe', historySize: 5, maxIter: 30 }, 3, 1e-6],
    ['bealeWolfe', beale, [[1, 1.5]], { lineSearchFn: 'strongWolfe', lr: 2, maxIter: 15, toleranceChange: 1e-12 }, 3],
  ];
  it.each(cases)('%s: returned losses, iterates, evaluation counts and history', (name, f, x0, o, steps, tol = 1e-9) => {
    const want = TORCH.lbfgs[name];
    const got = run(f, x0, o, steps);
    closeTo(got.losses, want.losses, tol);
    closeTo(got.params, want.params, tol);
    const s = got.opt.lbfgsState;
    expect([s.funcEvals, s.nIter, got.calls, s.oldDirs.length]).toEqual([want.funcEvals, want.nIter, want.calls, want.history]);
  });
});

/** An independent fixed-step L-BFGS written from Nocedal & Wright for f(x) = ½xᵀAx − bᵀx with plain numbers. */
function referenceQuad(x: number[], lr: number, maxIter: number, m: number): number[] {
  const Am = A.toArray() as number[][];
  const b = B.toArray() as number[];
  const grad = (v: number[]) => Am.map((row, i) => row.reduce((s, a, j) => s + a * v[j]!, 0) - b[i]!);
  const dotp = (u: number[], v: number[]) => u.reduce((s, a, i) => s + a * v[i]!, 0);
  const S: number[][] = [];
  const Yh: number[][] = [];
  let g = grad(x);
  let d: number[] = [];
  let t = 0;
  let prevG: number[] = [];
  let gamma = 1;
  for (let k = 1; k <= maxIter; k++) {
    if (k === 1) d = g.map((v) => -v);
    else {
      const y = g.map((v, i) => v - prevG[i]!);
      const s = d.map((v) => v * t);
      if (dotp(y, s) > 1e-10) {
        if (S.length === m) [S.shift(), Yh.shift()];
        S.push(s);
        Yh.push(y);
        gamma = dotp(y, s) / dotp(y, y);
      }
      const q = g.map((v) => -v);
      const alpha: number[] = [];
      for (let i = S.length - 1; i >= 0; i--) {
        alpha[i] = dotp(S[i]!, q) / dotp(Yh[i]!, S[i]!);
        Yh[i]!.forEach((v, j) => (q[j] = q[j]! - alpha[i]! * v));
      }
      d = q.map((v) => v * gamma);
      for (let i = 0; i < S.length; i++) {
        const beta = dotp(Yh[i]!, d) / dotp(Yh[i]!, S[i]!);
        S[i]!.forEach((v, j) => (d[j] = d[j]! + (alpha[i]! - beta) * v));
      }
    }
    prevG = g;
    t = k === 1 ? Math.min(1, 1 / g.reduce((s, v) => s + Math.abs(v), 0)) * lr : lr;
    x = x.map((v, i) => v + t * d[i]!);
    g = grad(x);
  }
  return x;
}

describe('LBFGS: algorithm', () => {
  it('fixed steps match an independent L-BFGS reference on a 5-d quadratic', () => {
    const got = run(quad5, [[0, 0, 0, 0, 0]], { maxIter: 9, historySize: 3, toleranceChange: 0, toleranceGrad: 0 }, 1);
    closeTo(got.params[0]![0], referenceQuad([0, 0, 0, 0, 0], 1, 9, 3), 1e-10);
  });

  it('step returns the first loss the closure computed (the same tensor)', () => {
    const p = leaf([3, -1]);
    const opt = new LBFGS([p]);
    const returned: Tensor[] = [];
    const out = opt.step(() => {
      opt.zeroGrad();
      const l = p.square().sum();
      l.backward();
      returned.push(l);
      return l;
    });
    expect(out).toBe(returned[0]);
    expect(out.item()).toBe(10);
    expect(returned.length).toBeGreaterThan(1);
  });

  it('converges on Rosenbrock with the strong-Wolfe search and on a quadratic to its minimiser', () => {
    const r = run(rosen, [[-1.5, 2]], { lineSearchFn: 'strongWolfe' }, 5);
    expect(r.losses[4]).toBeLessThan(1e-9);
    closeTo(r.params[4]![0], [1, 1], 1e-5);
    // With the loss-change test off, it stops on max|∇f| ≤ toleranceGrad (∇f = Ax − b).
    const q = run(quad5, [[0, 0, 0, 0, 0]], { lineSearchFn: 'strongWolfe', toleranceChange: 0 }, 1);
    expect(q.ps[0]!.matmul(A).sub(B).abs().max().item()).toBeLessThanOrEqual(1e-7);
  });

  it('runs the closure with gradient recording on, even inside noGrad', () => {
    const p = leaf([2]);
    const opt = new LBFGS([p], { maxIter: 3 });
    noGrad(() => opt.step(() => {
      opt.zeroGrad();
      const l = p.square().sum();
      l.backward();
      return l;
    }));
    expect(Math.abs(p.item())).toBeLessThan(1e-6);
  });

  it('leaves a frozen parameter (requiresGrad false) untouched', () => {
    const [p, frozen] = [leaf([2, -3]), tensor([5], { dtype: 'float64' })];
    const opt = new LBFGS([p, frozen], { lineSearchFn: 'strongWolfe' });
    opt.step(() => {
      opt.zeroGrad();
      const l = p.square().sum().add(frozen.square().sum());
      l.backward();
      return l;
    });
    expect(frozen.toArray()).toEqual([5]);
    closeTo(p.toArray(), [0, 0], 1e-8);
  });

  it('stateDict survives JSON and continuing from it matches an uninterrupted run', () => {
    const o: LBFGSOptions = { lineSearchFn: 'strongWolfe', maxIter: 3, historySize: 4 };
    const full = run(rosen, [[-1.5, 2]], o, 3);
    const half = run(rosen, [[-1.5, 2]], o, 1);
    const sd = JSON.parse(JSON.stringify(half.opt.stateDict()));
    const p = leaf(half.params[0]![0]!);
    const opt = new LBFGS([p], o);
    opt.loadStateDict(sd);
    const closure = () => {
      opt.zeroGrad();
      const l = rosen([p]);
      l.backward();
      return l;
    };
    opt.step(closure);
    opt.step(closure);
    expect(Array.from(p.data())).toEqual(full.params[2]![0]);
  });
});

describe('twoLoopRecursion', () => {
  it('satisfies the secant equation H y = s for the newest pair (so −H y is returned)', () => {
    const h: LBFGSHistory = { oldDirs: [], oldStps: [], ro: [], hDiag: 1 };
    const pairs = [[[1, 0.5, -0.2], [0.3, 0.1, 0]], [[0.2, 2, 0.1], [0.1, 0.8, 0.3]], [[-0.4, 0.3, 1.5], [0, 0.2, 0.9]]];
    for (const [y, s] of pairs) expect(updateHistory(h, Float64Array.from(y!), Float64Array.from(s!), 5)).toBe(true);
    const [y, s] = pairs[2]!;
    closeTo(Array.from(twoLoopRecursion(y!, h)), s!.map((v) => -v), 1e-12);
    expect(h.hDiag).toBeCloseTo((0.2 * 0.3 + 0.9 * 1.5) / (0.16 + 0.09 + 2.25), 15);
  });

  it('keeps at most historySize pairs and ignores pairs with y·s ≤ 1e-10', () => {
    const h: LBFGSHistory = { oldDirs: [], oldStps: [], ro: [], hDiag: 1 };
    for (let k = 1; k <= 4; k++) updateHistory(h, Float64Array.of(k), Float64Array.of(1), 2);
    expect(h.oldDirs.map((v) => v[0])).toEqual([3, 4]);
    expect(updateHistory(h, Float64Array.of(1), Float64Array.of(-1), 2)).toBe(false);
    expect(h.ro).toEqual([1 / 3, 1 / 4]);
    expect(Array.from(twoLoopRecursion([2], { oldDirs: [], oldStps: [], ro: [], hDiag: 0.5 }))).toEqual([-1]);
  });
});

describe('LBFGS: bad inputs', () => {
  const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: expect.stringContaining(msg) }));
  it('rejects invalid options, naming the value', () => {
    bad(() => new LBFGS([leaf([1])], { maxIter: 0 }), 'LBFGS: maxIter must be a positive integer, got 0');
    bad(() => new LBFGS([leaf([1])], { historySize: 2.5 }), 'LBFGS: historySize must be a positive integer, got 2.5');
    bad(() => new LBFGS([leaf([1])], { toleranceGrad: -1 }), 'LBFGS: invalid toleranceGrad: -1');
    bad(() => new LBFGS([leaf([1])], { lineSearchFn: 'strong_wolfe' as never }), `LBFGS: lineSearchFn must be 'strongWolfe' or null, got the string "strong_wolfe"`);
    bad(() => new LBFGS([leaf([1])], { lr: NaN }), 'LBFGS: invalid learning rate: NaN');
    bad(() => new LBFGS([{ params: [leaf([1])] }, { params: [leaf([2])] }]), "LBFGS doesn't support per-parameter options (parameter groups)");
    expect(new LBFGS([leaf([1])], { maxIter: 10 }).defaults.maxEval).toBe(12); // ⌊10 · 5/4⌋, as PyTorch
  });

  it('rejects a missing closure or one that returns a non-scalar, changing nothing', () => {
    const p = leaf([1, 2]);
    const opt = new LBFGS([p]);
    bad(() => (opt.step as () => unknown)(), 'LBFGS.step: expected a closure');
    bad(() => opt.step(() => p.mul(2) as never), 'LBFGS.step: the closure must return the loss (a one-element Tensor or a number), got a Tensor of shape [2]');
    expect(p.toArray()).toEqual([1, 2]);
    expect(opt.lbfgsState.funcEvals).toBe(0);
  });

  it('a NaN starting gradient throws before anything changes', () => {
    const p = leaf([1, 2]);
    const opt = new LBFGS([p]);
    bad(() => opt.step(() => {
      p.grad = tensor([NaN, 0], { dtype: 'float64' });
      return 1;
    }), 'LBFGS.step: gradient of param 0 (shape [2]) contains NaN at flat index 0');
    expect(p.toArray()).toEqual([1, 2]);
    expect(opt.lbfgsState.nIter).toBe(0);
  });

  it('a step that overflows the parameters is undone and reported', () => {
    const p = leaf([10]);
    const opt = new LBFGS([p], { lr: 1e200, maxIter: 3 });
    const closure = () => {
      opt.zeroGrad();
      const l = p.pow(4).sum();
      l.backward();
      return l;
    };
    bad(() => opt.step(closure), 'LBFGS.step: the step made param 0 non-finite (NaN or Infinity); the parameters and state were restored');
    expect(p.toArray()).toEqual([10]);
    expect(opt.lbfgsState.nIter).toBe(0);
  });

  it('a closure that throws part-way propagates its error with the parameters and state restored', () => {
    const p = leaf([3, -1]);
    const opt = new LBFGS([p], { lineSearchFn: 'strongWolfe' });
    let calls = 0;
    const boom = new Error('data loader failed');
    expect(() => opt.step(() => {
      if (++calls === 3) throw boom;
      opt.zeroGrad();
      const l = p.pow(4).sum();
      l.backward();
      return l;
    })).toThrow(boom);
    expect(p.toArray()).toEqual([3, -1]);
    expect([opt.lbfgsState.nIter, opt.lbfgsState.funcEvals, opt.lbfgsState.d]).toEqual([0, 0, null]);
  });

  it('loadStateDict rejects a history of the wrong size and loads nothing', () => {
    const r = run(quad5, [[0, 0, 0, 0, 0]], { maxIter: 3 }, 1);
    const sd = r.opt.stateDict();
    const other = new LBFGS([leaf([0, 0])], { maxIter: 3 });
    bad(() => other.loadStateDict(sd), 'lbfgs.d must be an array of 2 numbers (one per parameter element) or null, got an array of length 5');
    expect(other.lbfgsState.nIter).toBe(0);
    expect(other.paramGroups[0]!.maxIter).toBe(3);
  });
});
