import { getBackend, setBackend, tensor } from '@nabla/autograd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onBackend, setupFor, withBackend } from './backends.js';
import type { Case } from './runner.js';

const name = () => getBackend().name;
let saved: ReturnType<typeof getBackend>;
beforeEach(() => {
  saved = setBackend('wasm');
});
afterEach(() => {
  setBackend(saved);
});

describe('withBackend', () => {
  it('runs the function on the backend and restores the previous one after a return or a throw', () => {
    expect(withBackend('cpu', () => [name(), tensor([1, 2]).add(1).toArray()])).toEqual(['cpu', [2, 3]]);
    expect(name()).toBe('wasm');
    expect(() => withBackend('cpu', () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(name()).toBe('wasm');
  });

  it('keeps the backend until a returned promise settles, then restores it (also on rejection)', async () => {
    let release!: () => void;
    const pending = withBackend('cpu', () => new Promise<string>((r) => (release = () => r(name()))));
    expect(name()).toBe('cpu');
    release();
    await expect(pending).resolves.toBe('cpu');
    expect(name()).toBe('wasm');
    await expect(withBackend('cpu', () => Promise.reject(new Error('late')))).rejects.toThrow('late');
    expect(name()).toBe('wasm');
  });

  it('refuses wasm when setBackend falls back to cpu (no SIMD): NotAvailable naming both, fn not run, backend restored', async () => {
    vi.resetModules();
    type Autograd = typeof import('@nabla/autograd');
    let real!: Autograd;
    vi.doMock('@nabla/autograd', async (importOriginal) => {
      real = await importOriginal<Autograd>();
      // What setBackend does where WebAssembly SIMD is missing.
      return { ...real, setBackend: (b: Parameters<Autograd['setBackend']>[0]) => real.setBackend(b === 'wasm' ? 'cpu' : b) };
    });
    try {
      const fresh = await import('./backends.js');
      real.setBackend({ ...real.getBackend(), name: 'mine' });
      const before = real.getBackend();
      let ran = false;
      const error = (() => {
        try {
          fresh.withBackend('wasm', () => (ran = true));
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.name).toBe('NotAvailable');
      expect(error?.message).toBe("backend 'wasm' is not available here (setBackend gave 'cpu')");
      expect(ran).toBe(false);
      expect(real.getBackend()).toBe(before);
    } finally {
      vi.doUnmock('@nabla/autograd');
      vi.resetModules();
    }
  });
});

describe('onBackend and setupFor', () => {
  it('runs setup and every step on the engine backend, and interleaved engines never see each other', async () => {
    const seen: string[] = [];
    const setup = () => {
      seen.push(`setup ${name()}`);
      return () => void seen.push(`step ${name()}`);
    };
    const c: Case = { name: 'c', metrics: [{ unit: 'ms' }], engines: { nabla: setup } };
    const wasmStep = await setupFor(c, 'nabla')!();
    const cpuStep = await setupFor(c, 'nabla-cpu')!();
    setBackend('cpu'); // whatever is current between steps must not leak in
    await wasmStep();
    await cpuStep();
    await wasmStep();
    expect(seen).toEqual(['setup wasm', 'setup cpu', 'step wasm', 'step cpu', 'step wasm']);
    expect(name()).toBe('cpu');
  });

  it('an async setup keeps its backend across its awaits', async () => {
    const step = await onBackend('cpu', async () => {
      await Promise.resolve();
      const t = tensor([3]);
      return () => void expect([name(), t.mul(2).item()]).toEqual(['cpu', 6]);
    })();
    expect(name()).toBe('wasm');
    await step();
  });

  it('nabla-cpu reuses the nabla setup; peers get their own setup; a case without nabla has no nabla engines', () => {
    const peer = () => () => {};
    const c: Case = { name: 'c', metrics: [{ unit: 'ms' }], engines: { 'tfjs-cpu': peer } };
    expect(setupFor(c, 'tfjs-cpu')).toBe(peer);
    expect(setupFor(c, 'nabla')).toBeUndefined();
    expect(setupFor(c, 'nabla-cpu')).toBeUndefined();
    expect(setupFor(c, 'jax-jit')).toBeUndefined();
  });
});
