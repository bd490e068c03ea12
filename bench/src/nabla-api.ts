/**
 * The parts of @nabla/nn, @nabla/nn/functional and @nabla/optim that W2, W3 and the memory run use, typed
 * after the contract in DESIGN.md and loaded at run time, so a missing export makes those workloads report
 * "n/a: <missing API>" instead of stopping the whole bench.
 */
import type { Tensor } from '@nabla/autograd';
import { NotAvailable } from './runner.js';

/** A layer as the bench uses it: forward on one Tensor, and its parameters. */
export interface Layer {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/** The constructors and functions W2/W3 use, with DESIGN.md's signatures. */
export interface NnApi {
  Sequential: new (...modules: Layer[]) => Layer;
  Linear: new (inFeatures: number, outFeatures: number) => Layer;
  ReLU: new () => Layer;
  Flatten: new () => Layer;
  Conv2d: new (inChannels: number, outChannels: number, kernelSize: number, opts: { padding: number }) => Layer;
  MaxPool2d: new (kernelSize: number) => Layer;
  crossEntropy: (input: Tensor, target: Tensor) => Tensor;
  SGD: new (params: Tensor[], opts: { lr: number }) => { step(): void; zeroGrad(): void };
}

async function importOrExplain(spec: string): Promise<Record<string, unknown>> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new NotAvailable(`${spec} does not load (${msg.slice(0, 120)})`);
  }
}

/** Loads the API for the given names, or throws NotAvailable listing every missing export. */
export async function loadNn<K extends keyof NnApi>(names: readonly K[]): Promise<Pick<NnApi, K>> {
  const home: Record<keyof NnApi, string> = {
    Sequential: '@nabla/nn', Linear: '@nabla/nn', ReLU: '@nabla/nn', Flatten: '@nabla/nn', Conv2d: '@nabla/nn',
    MaxPool2d: '@nabla/nn', crossEntropy: '@nabla/nn/functional', SGD: '@nabla/optim',
  };
  const mods = new Map<string, Record<string, unknown>>();
  for (const spec of new Set(names.map((n) => home[n]))) mods.set(spec, await importOrExplain(spec));
  const missing = names.filter((n) => typeof mods.get(home[n])?.[n] !== 'function');
  if (missing.length > 0) throw new NotAvailable(`missing ${missing.map((n) => `${n} (${home[n]})`).join(', ')}`);
  return Object.fromEntries(names.map((n) => [n, mods.get(home[n])![n]])) as Pick<NnApi, K>;
}
