/**
 * One backend's memory run in its own process (spawned by workloads/memory.ts):
 *   node <flags> src/memory-child.ts <cpu|wasm> <steps> <quick|full>
 * prints the MemoryRun as JSON on stdout.
 */
import type { BackendName } from '@nabla/autograd';
import { measureInProcess } from './workloads/memory.js';

const [backend, steps, mode] = process.argv.slice(2);
if ((backend !== 'cpu' && backend !== 'wasm') || !(Number(steps) >= 1) || (mode !== 'quick' && mode !== 'full')) {
  console.error(`usage: memory-child.ts <cpu|wasm> <steps> <quick|full>, got ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}
const run = await measureInProcess(backend as BackendName, Number(steps), mode === 'quick');
process.stdout.write(`${JSON.stringify(run)}\n`);
