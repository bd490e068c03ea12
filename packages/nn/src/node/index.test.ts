import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError, tensor } from '@nabla/autograd';
import { afterAll, describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { saveSafetensors } from '../safetensors.js';
import { loadFile, saveFile } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveFile / loadFile', () => {
  it('write the same bytes as saveSafetensors and read them back into a fresh module', () => {
    const a = new Linear(3, 2);
    const path = join(dir, 'linear.safetensors');
    saveFile(path, a, { epoch: '3' });
    expect(new Uint8Array(readFileSync(path))).toEqual(saveSafetensors(a.stateDict(), { epoch: '3' }));
    const { tensors, metadata } = loadFile(path);
    expect(metadata).toEqual({ epoch: '3' });
    const b = new Linear(3, 2);
    b.loadStateDict(tensors);
    const x = tensor([[1, 2, 3]]);
    expect(b.forward(x).data()).toEqual(a.forward(x).data());
    saveFile(join(dir, 'sd.safetensors'), { w: tensor([1, 2]) });
    expect(loadFile(join(dir, 'sd.safetensors')).tensors.w!.toArray()).toEqual([1, 2]);
  });

  it('report corrupted files and bad paths', () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, new Uint8Array([1, 2, 3]));
    expect(() => loadFile(bad)).toThrow('loadSafetensors: file has 3 bytes, too short for the 8-byte header length at offset 0');
    expect(() => saveFile('', new Linear(1, 1))).toThrow(ValueError);
    expect(() => loadFile(join(dir, 'missing.safetensors'))).toThrow(/ENOENT/);
  });
});
