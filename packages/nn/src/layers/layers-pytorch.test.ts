import { readFileSync } from 'node:fs';
import type { Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { adaptiveAvgPool1d, adaptiveAvgPool2d, interpolate, type InterpolateOptions } from '../functional/resample.js';
import type { Module } from '../module.js';
import { loadSafetensors } from '../safetensors.js';
import { ConvTranspose1d, ConvTranspose2d } from './conv-transpose.js';
import { GroupNorm, InstanceNorm2d } from './norms-more.js';

// Made once by fixtures/layers.fixture.py with PyTorch 1.13 (float64): state dicts, inputs and outputs.
const fx = loadSafetensors(new Uint8Array(readFileSync(new URL('../fixtures/layers.fixture.safetensors', import.meta.url)))).tensors;
const get = (k: string): Tensor => {
  const t = fx[k];
  if (!t) throw new Error(`fixture has no ${k}`);
  return t;
};

/** The fixture entries `prefix.<param>` that are not inputs or outputs: the module's PyTorch state dict. */
function stateOf(prefix: string, skip: string[] = ['x', 'out', 'x2', 'out2']): Record<string, Tensor> {
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(fx)) {
    if (!k.startsWith(`${prefix}.`)) continue;
    const rest = k.slice(prefix.length + 1);
    if (!skip.includes(rest) && !rest.startsWith('init.')) sd[rest] = v;
  }
  return sd;
}

const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  let worst = 0;
  x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - y[i]!))));
  expect(worst).toBeLessThan(tol);
};

const loaded = <M extends Module>(m: M, prefix: string): M => {
  m.loadStateDict(stateOf(prefix));
  return m;
};

describe('layers match PyTorch 1.13 (float64 fixture)', () => {
  it('ConvTranspose2d: groups, stride, padding, outputPadding and dilation per axis', () => {
    const ct = loaded(new ConvTranspose2d(4, 6, [3, 2], { stride: [2, 1], padding: [1, 0], outputPadding: [1, 0], groups: 2, dilation: [1, 2], dtype: 'float64' }), 'ct2');
    close(ct.forward(get('ct2.x')), get('ct2.out'));
    const up = loaded(new ConvTranspose2d(3, 2, 4, { stride: 2, padding: 1, dtype: 'float64' }), 'ct2b');
    close(up.forward(get('ct2b.x')), get('ct2b.out'));
  });

  it('ConvTranspose1d with outputPadding', () => {
    const ct = loaded(new ConvTranspose1d(3, 4, 3, { stride: 2, padding: 1, outputPadding: 1, dtype: 'float64' }), 'ct1');
    close(ct.forward(get('ct1.x')), get('ct1.out'));
  });

  it('GroupNorm', () => {
    close(loaded(new GroupNorm(2, 6, { dtype: 'float64' }), 'gn').forward(get('gn.x')), get('gn.out'));
  });

  it('InstanceNorm2d: training step updates the running statistics as PyTorch; eval uses them', () => {
    const m = new InstanceNorm2d(3, { affine: true, trackRunningStats: true, dtype: 'float64' });
    const init: Record<string, Tensor> = {};
    for (const k of ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']) init[k] = get(`in2.init.${k}`);
    m.loadStateDict(init);
    close(m.forward(get('in2.x')), get('in2.out'));
    const sd = m.stateDict();
    for (const k of ['running_mean', 'running_var']) close(sd[k]!, get(`in2.${k}`));
    expect(sd.num_batches_tracked!.item()).toBe(get('in2.num_batches_tracked').item());
    close(m.eval().forward(get('in2.x2')), get('in2.out2'));
  });

  it('adaptive average pooling', () => {
    close(adaptiveAvgPool2d(get('aap2.x'), [3, 4]), get('aap2.out'));
    close(adaptiveAvgPool1d(get('aap1.x'), 4), get('aap1.out'));
  });

  it.each<[string, string, InterpolateOptions]>([
    ['nearest_s2', 'img', { scaleFactor: 2 }],
    ['nearest_size', 'img', { size: [5, 9] }],
    ['nearest_s17', 'img', { scaleFactor: 1.7 }],
    ['bilinear', 'img', { size: [5, 7], mode: 'bilinear' }],
    ['bilinear_ac', 'img', { size: [5, 7], mode: 'bilinear', alignCorners: true }],
    ['bilinear_s', 'img', { scaleFactor: 1.5, mode: 'bilinear' }],
    ['bicubic', 'img', { size: [6, 5], mode: 'bicubic' }],
    ['bicubic_ac', 'img', { size: [6, 5], mode: 'bicubic', alignCorners: true }],
    ['linear', 'seq', { size: 8, mode: 'linear' }],
    ['area', 'img', { size: [2, 3], mode: 'area' }],
  ])('interpolate %s', (key, input, opts) => {
    close(interpolate(get(input), opts), get(key));
  });
});
