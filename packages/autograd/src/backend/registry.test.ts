import { afterEach, describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import type { Backend } from './backend.js';
import { cpuBackend } from './cpu/index.js';
import { getBackend, setBackend } from './registry.js';
import { wasmBackend } from './wasm/index.js';

// A WASM or worker backend will replace the CPU kernels through setBackend. This stand-in proves the seam:
// it routes every kernel call through its own functions, and autodiff never notices the change.
function countingBackend(calls: Map<string, number>): Backend {
  const wrapped: Record<string, unknown> = { name: 'counting' };
  for (const [key, fn] of Object.entries(cpuBackend)) {
    if (typeof fn !== 'function') continue;
    wrapped[key] = (...args: unknown[]) => {
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped as unknown as Backend;
}

describe('backend replacement', () => {
  afterEach(() => void setBackend(cpuBackend));
  const initial = getBackend();

  it('routes forward and backward kernels through the installed backend', () => {
    const run = () => {
      const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
      x.matmul(x).tanh().sum().backward();
      return x.grad!.toArray();
    };
    const expected = run();
    const calls = new Map<string, number>();
    const previous = setBackend(countingBackend(calls));
    expect(previous).toBe(initial);
    expect([cpuBackend, wasmBackend]).toContain(previous);
    expect(getBackend().name).toBe('counting');
    expect(run()).toEqual(expected);
    expect(calls.get('matmul')).toBe(3); // one forward, two in backward
    expect(calls.get('unary')).toBeGreaterThan(0);
    expect(calls.get('reduce')).toBeGreaterThan(0);
  });
});
