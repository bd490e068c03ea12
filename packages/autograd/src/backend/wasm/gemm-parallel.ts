import { kernelsLoaded } from './instance.js';
import { getNumThreads, runTasks, splitPoints, taskCount, type Task } from './threads/pool.js';
import { type Output, alloc } from './workspace.js';

/**
 * Below this many multiply-adds (a 128^3 product, ~0.1 ms) a GEMM runs on the calling thread: handing it out
 * costs a few microseconds and a worker takes 0.05-0.2 ms to wake here, so smaller products ran slower on two
 * threads (64^3: 43-73 us against 27-33 us on one; 128^3 and up: faster).
 */
export const GEMM_PARALLEL_MIN = 1 << 21;

const GEMM_ELEMENT_COST = 8;

/**
 * Whether a product is worth splitting: its multiply-adds plus GEMM_ELEMENT_COST per element of A, B and C (each
 * is packed or written once, which costs several multiply-adds' time) reach GEMM_PARALLEL_MIN. A convolution's
 * products have a small inner size (k = 9 for a 3x3 kernel over one channel) and take 0.4 ms at 1.8M
 * multiply-adds, so counting multiply-adds alone kept them on one thread.
 */
export const gemmIsLarge = (batch: number, m: number, k: number, n: number): boolean =>
  batch * (m * n * k + GEMM_ELEMENT_COST * (m * k + k * n + m * n)) >= GEMM_PARALLEL_MIN;

/** Rows of the register tile: row blocks handed to threads start at multiples of it. */
const MR = 4;

/**
 * Runs the wasm GEMM `name` (gemm_f32 / gemm_f64: C[batch, m, n] = A[batch, m, k] B[batch, k, n] with A and B
 * read through their strides, C contiguous: batch stride m n, row stride n) split across threads when large:
 * - one matrix with enough rows: B is packed once, in pieces that the threads pack at once (gemm_packb), then
 *   blocks of rows run gemm_prepacked against that one copy (each waits for every piece: `after`), several
 *   blocks per thread so that a thread slowed down by a late wake-up or by a busy core takes fewer of them;
 * - a batch: by blocks of matrices, each packing its own B;
 * - few rows (a matrix-vector product runs as a 1-row product): by blocks of columns of B and C.
 * Every element of C is computed by one task with the same k order as on one thread, so the result does not
 * depend on the thread count. Each task packs A (and B, except on the first path) into its own buffers.
 * With `result`, each task's rows (all of C on the column path) are copied out into it as soon as they are done.
 */
export function runGemm(
  name: string, bytes: number,
  pa: number, [sab, sam, sak]: readonly [number, number, number], pb: number, [sbb, sbk, sbn]: readonly [number, number, number],
  pc: number, batch: number, m: number, k: number, n: number, result: Output | null = null,
): void {
  const { fns } = kernelsLoaded();
  const large = gemmIsLarge(batch, m, k, n);
  const threads = large ? getNumThreads() : 1;
  const nr = 32 / bytes;
  const rowTiles = Math.ceil(m / MR);
  if (threads > 1 && batch === 1 && rowTiles >= 2 * threads) {
    const sfx = bytes === 4 ? 'f32' : 'f64';
    const bpack = alloc(k * Math.ceil(n / nr) * nr * bytes, 'matmul');
    // Pieces of packed B first (two per thread), then the row blocks, which start once every piece is done.
    const pieces = taskCount(Math.ceil(n / nr), true, 2);
    const tasks: Task[] = [];
    for (let t = 0; t < pieces; t++) tasks.push({ fn: `gemm_packb_${sfx}`, args: [pb, sbk, sbn, k, n, bpack, t, pieces] });
    const parts = taskCount(rowTiles, true);
    const rows = splitPoints(rowTiles, parts).map((r) => Math.min(m, r * MR));
    for (let t = 0; t < parts; t++) {
      const [m0, m1] = [rows[t]!, rows[t + 1]!];
      const apack = alloc(fns['gemmPackABytes']!(m1 - m0, k), 'matmul');
      tasks.push({ fn: `gemm_prepacked_${sfx}`, args: [pa + m0 * sam * bytes, sam, sak, bpack, pc + m0 * n * bytes, n, m1 - m0, k, n, apack], after: pieces });
    }
    const copyRows = (t: number): void => {
      if (t >= pieces) result!.copy(rows[t - pieces]! * n, (rows[t - pieces + 1]! - rows[t - pieces]!) * n);
    };
    runTasks('matmul', tasks, result && copyRows);
    return;
  }
  const byBatch = batch >= threads || batch > 1;
  const byColumns = !byBatch && rowTiles < threads && n >= 2 * nr * threads;
  const units = byBatch ? batch : byColumns ? Math.ceil(n / nr) : rowTiles;
  const parts = byBatch ? taskCount(batch, large) : Math.max(1, Math.min(threads, units));
  const tasks: Task[] = [];
  const spans: [number, number][] = []; // the elements of C each task writes, when they are contiguous
  const cuts = splitPoints(units, parts);
  for (let t = 0; t < parts; t++) {
    const [u0, u1] = [cuts[t]!, cuts[t + 1]!];
    const [b0, b1] = byBatch ? [u0, u1] : [0, batch];
    const [m0, m1] = byBatch || byColumns ? [0, m] : [u0 * MR, Math.min(m, u1 * MR)];
    const [j0, j1] = byColumns ? [u0 * nr, Math.min(n, u1 * nr)] : [0, n];
    const rows = m1 - m0;
    spans.push([b0 * m * n + m0 * n, (b1 - b0) * rows * n]);
    const apack = alloc(fns['gemmPackABytes']!(rows, k), 'matmul');
    const bpack = alloc(fns['gemmPackBBytes']!(k, j1 - j0, bytes), 'matmul');
    tasks.push({
      fn: name,
      args: [
        pa + (b0 * sab + m0 * sam) * bytes, sab, sam, sak,
        pb + (b0 * sbb + j0 * sbn) * bytes, sbb, sbk, sbn,
        pc + (b0 * m * n + m0 * n + j0) * bytes, m * n, n, b1 - b0, rows, k, j1 - j0, apack, bpack,
      ],
    });
  }
  runTasks('matmul', tasks, result && !byColumns ? (t) => result.copy(...spans[t]!) : null);
  if (result && byColumns) result.copy(0, batch * m * n);
}
