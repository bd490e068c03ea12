import { kernelsLoaded } from './instance.js';
import { getNumThreads, runTasks, type Task } from './threads/pool.js';
import { alloc } from './workspace.js';

/** Below this many multiply-adds a GEMM runs on the calling thread: a worker's wake-up costs tens of microseconds. */
export const GEMM_PARALLEL_MIN = 1 << 18;

/** Rows of the register tile: row blocks handed to threads start at multiples of it. */
const MR = 4;

/**
 * Runs the wasm GEMM `name` (gemm_f32 / gemm_f64: C[batch, m, n] = A[batch, m, k] B[batch, k, n] with A and B
 * read through their strides, C contiguous) split across threads: by batch when there are at least as many
 * matrices as threads, else by blocks of rows of A and C. Every element of C is computed by one thread with
 * the same k order as on one thread, so the result does not depend on the thread count. Each thread packs into
 * its own buffers.
 */
export function runGemm(
  name: string, bytes: number,
  pa: number, [sab, sam, sak]: readonly [number, number, number], pb: number, [sbb, sbk, sbn]: readonly [number, number, number],
  pc: number, batch: number, m: number, k: number, n: number,
): void {
  const { fns } = kernelsLoaded();
  const threads = batch * m * n * k >= GEMM_PARALLEL_MIN ? getNumThreads() : 1;
  const byBatch = batch >= threads || batch > 1;
  const units = byBatch ? batch : Math.ceil(m / MR);
  const parts = Math.max(1, Math.min(threads, units));
  const tasks: Task[] = [];
  for (let t = 0; t < parts; t++) {
    const u0 = Math.floor((t * units) / parts);
    const u1 = Math.floor(((t + 1) * units) / parts);
    const [b0, b1, m0, m1] = byBatch ? [u0, u1, 0, m] : [0, batch, u0 * MR, Math.min(m, u1 * MR)];
    const rows = m1 - m0;
    const apack = alloc(fns['gemmPackABytes']!(rows, k), 'matmul');
    const bpack = alloc(fns['gemmPackBBytes']!(k, n, bytes), 'matmul');
    tasks.push({
      fn: name,
      args: [
        pa + (b0 * sab + m0 * sam) * bytes, sab, sam, sak,
        pb + b0 * sbb * bytes, sbb, sbk, sbn,
        pc + (b0 * m * n + m0 * n) * bytes, b1 - b0, rows, k, n, apack, bpack,
      ],
    });
  }
  runTasks('matmul', tasks);
}
