import { availableParallelism } from 'node:os';
import { getBackend, getNumThreads, setBackend, setNumThreads, tensor } from '@nabla/autograd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asEngine, asEngineSetup, nablaThreads, setupFor, withBackend, withThreads } from './backends.js';
import type { Case } from './runner.js';

const name = () => getBackend().name;
let saved: ReturnType<typeof getBackend>;
let savedThreads: number;
beforeEach(() => {
  saved = setBackend('wasm');
  savedThreads = getNumThreads();
  setNumThreads(3); // neither engine's count, so a leak in either direction shows
});
afterEach(() => {
  setBackend(saved);
  setNumThreads(savedThreads);
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

describe('withThreads and asEngine', () => {
  it('withThreads sets the count for the call and restores it after a return, a throw or a settled promise', async () => {
    expect(withThreads(1, getNumThreads)).toBe(1);
    expect(getNumThreads()).toBe(3);
    expect(() => withThreads(2, () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(getNumThreads()).toBe(3);
    let release!: () => void;
    const pending = withThreads(1, () => new Promise<number>((r) => (release = () => r(getNumThreads()))));
    expect(getNumThreads()).toBe(1);
    release();
    await expect(pending).resolves.toBe(1);
    expect(getNumThreads()).toBe(3);
  });

  it('each nabla engine has its backend and thread count: nabla all cores, nabla-1t and nabla-cpu one', () => {
    const cores = availableParallelism(); // below the pool's cap (64) on any machine this runs on
    expect(asEngine('nabla', () => [name(), getNumThreads()])).toEqual(['wasm', cores]);
    expect(asEngine('nabla-1t', () => [name(), getNumThreads()])).toEqual(['wasm', 1]);
    expect(asEngine('nabla-cpu', () => [name(), getNumThreads()])).toEqual(['cpu', 1]);
    expect([name(), getNumThreads()]).toEqual(['wasm', 3]);
    expect([nablaThreads('nabla'), nablaThreads('nabla-1t'), nablaThreads('nabla-cpu')]).toEqual([cores, 1, 1]);
    expect([name(), getNumThreads()]).toEqual(['wasm', 3]);
  });

  it('a threaded and a 1-thread matmul give the same bits (what makes nabla and nabla-1t rows comparable)', () => {
    const a = tensor(Array.from({ length: 300 * 300 }, (_, i) => Math.sin(i)), { shape: [300, 300] });
    const one = asEngine('nabla-1t', () => a.matmul(a).toArray());
    expect(asEngine('nabla', () => a.matmul(a).toArray())).toEqual(one);
  });
});

describe('without WebAssembly SIMD', () => {
  it('nabla-cpu still runs on cpu on one thread when the thread pool cannot exist (getNumThreads throws)', async () => {
    vi.resetModules();
    type Autograd = typeof import('@nabla/autograd');
    let real!: Autograd;
    vi.doMock('@nabla/autograd', async (importOriginal) => {
      real = await importOriginal<Autograd>();
      // What getNumThreads does where the wasm kernels cannot load.
      const getNumThreads = () => {
        throw new Error('nabla internal: wasm kernels used before they were loaded');
      };
      return { ...real, getNumThreads };
    });
    try {
      const fresh = await import('./backends.js');
      const backend = () => real.getBackend().name;
      real.setBackend('wasm');
      expect(fresh.asEngine('nabla-cpu', () => [backend(), real.tensor([1, 2]).mul(3).toArray()])).toEqual(['cpu', [3, 6]]);
      expect(fresh.nablaThreads('nabla-cpu')).toBe(1);
      expect(backend()).toBe('wasm');
    } finally {
      vi.doUnmock('@nabla/autograd');
      vi.resetModules();
    }
  });
});

describe('asEngineSetup and setupFor', () => {
  it('runs setup and every step as the engine, and interleaved engines never see each other', async () => {
    const seen: string[] = [];
    const setup = () => {
      seen.push(`setup ${name()} ${getNumThreads()}`);
      return () => void seen.push(`step ${name()} ${getNumThreads()}`);
    };
    const c: Case = { name: 'c', metrics: [{ unit: 'ms' }], engines: { nabla: setup } };
    const all = availableParallelism();
    const wasmStep = await setupFor(c, 'nabla')!();
    const oneStep = await setupFor(c, 'nabla-1t')!();
    const cpuStep = await setupFor(c, 'nabla-cpu')!();
    setBackend('cpu'); // whatever is current between steps must not leak in
    setNumThreads(2);
    await wasmStep();
    await oneStep();
    await cpuStep();
    await wasmStep();
    expect(seen).toEqual([`setup wasm ${all}`, 'setup wasm 1', 'setup cpu 1', `step wasm ${all}`, 'step wasm 1', 'step cpu 1', `step wasm ${all}`]);
    expect([name(), getNumThreads()]).toEqual(['cpu', 2]);
  });

  it('an async setup keeps its backend and threads across its awaits', async () => {
    const step = await asEngineSetup('nabla-cpu', async () => {
      await Promise.resolve();
      const t = tensor([3]);
      return () => void expect([name(), getNumThreads(), t.mul(2).item()]).toEqual(['cpu', 1, 6]);
    })();
    expect([name(), getNumThreads()]).toEqual(['wasm', 3]);
    await step();
  });

  it('nabla-1t and nabla-cpu reuse the nabla setup; peers get their own setup; a case without nabla has no nabla engines', () => {
    const peer = () => () => {};
    const c: Case = { name: 'c', metrics: [{ unit: 'ms' }], engines: { 'tfjs-cpu': peer } };
    expect(setupFor(c, 'tfjs-cpu')).toBe(peer);
    for (const e of ['nabla', 'nabla-1t', 'nabla-cpu', 'jax-jit'] as const) expect(setupFor(c, e), e).toBeUndefined();
  });
});
