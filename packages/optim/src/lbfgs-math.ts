import { dot } from './line-search.js';

/**
 * The curvature history of L-BFGS: the last m pairs y_k = g_{k+1} − g_k (`oldDirs`), s_k = t_k d_k
 * (`oldStps`), ρ_k = 1/(y_k·s_k), and the scale γ = y·s / y·y of the initial inverse Hessian (`hDiag`).
 */
export interface LBFGSHistory {
  /** Gradient differences y_k, oldest first (PyTorch's `old_dirs`). */
  oldDirs: Float64Array[];
  /** Steps s_k, oldest first (PyTorch's `old_stps`). */
  oldStps: Float64Array[];
  /** 1 / (y_k · s_k) (PyTorch's `ro`). */
  ro: number[];
  /** Scale of the initial inverse-Hessian approximation H0 = γ I (PyTorch's `H_diag`). */
  hDiag: number;
}

/** y ← y + α x. */
function axpy(y: Float64Array, x: Float64Array, alpha: number): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + alpha * x[i]!;
}

/**
 * The L-BFGS two-loop recursion: the search direction d = −H g, where H is the inverse-Hessian approximation
 * built from the history (Nocedal & Wright, Algorithm 7.4), in PyTorch's order:
 *   q ← −g;  for k = m−1 … 0:  α_k ← ρ_k s_k·q,  q ← q − α_k y_k
 *   r ← γ q;  for k = 0 … m−1:  β ← ρ_k y_k·r,  r ← r + (α_k − β) s_k;   d = r
 * With an empty history it is −γ g.
 * @example
 * // one pair from f(x) = x²/2 (y = s): H = 1, so d = −g
 * twoLoopRecursion([2], { oldDirs: [Float64Array.of(1)], oldStps: [Float64Array.of(1)], ro: [1], hDiag: 1 }); // [-2]
 */
export function twoLoopRecursion(g: ArrayLike<number>, h: LBFGSHistory): Float64Array {
  const m = h.oldDirs.length;
  const al = new Array<number>(m);
  const q = Float64Array.from(g, (x) => -x);
  for (let k = m - 1; k >= 0; k--) {
    al[k] = dot(h.oldStps[k]!, q) * h.ro[k]!;
    axpy(q, h.oldDirs[k]!, -al[k]!);
  }
  const r = q.map((x) => x * h.hDiag);
  for (let k = 0; k < m; k++) {
    const be = dot(h.oldDirs[k]!, r) * h.ro[k]!;
    axpy(r, h.oldStps[k]!, al[k]! - be);
  }
  return r;
}

/**
 * Records the pair (y, s) when the curvature y·s is above 1e-10 (dropping the oldest pair once `historySize`
 * are kept) and rescales H0 to γ = y·s / y·y; otherwise leaves the history alone, as PyTorch does.
 * Returns whether the pair was stored.
 * @example
 * const h = { oldDirs: [], oldStps: [], ro: [], hDiag: 1 };
 * updateHistory(h, Float64Array.of(2), Float64Array.of(1), 10); // true; h.hDiag = 0.5
 */
export function updateHistory(h: LBFGSHistory, y: Float64Array, s: Float64Array, historySize: number): boolean {
  const ys = dot(y, s);
  if (!(ys > 1e-10)) return false;
  if (h.oldDirs.length === historySize) {
    h.oldDirs.shift();
    h.oldStps.shift();
    h.ro.shift();
  }
  h.oldDirs.push(y);
  h.oldStps.push(s);
  h.ro.push(1 / ys);
  h.hDiag = ys / dot(y, y);
  return true;
}
