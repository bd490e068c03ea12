/// <reference types="node" />
/**
 * `@nabla/nn/node`: file helpers for Node.js, the only part of @nabla/nn that touches `node:*` modules.
 *
 * @module @nabla/nn/node
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ValueError, describe, type Tensor } from '@nabla/autograd';
import { Module } from '../module.js';
import { loadSafetensors, saveSafetensors, type SafetensorsContents, type SaveSafetensorsOptions } from '../safetensors.js';

/**
 * Writes a Module's state dict (or a state dict) to `path` as a .safetensors file; the third argument is
 * the metadata or `saveSafetensors`' options (`{ dtype: 'bfloat16', metadata }`).
 * @example saveFile('model.safetensors', model, { epoch: '10' });
 */
export function saveFile(path: string, source: Module | Record<string, Tensor>, metadata?: Record<string, string> | SaveSafetensorsOptions | null): void {
  if (typeof path !== 'string' || path === '') throw new ValueError(`saveFile: path must be a non-empty string, got ${describe(path)}`);
  const bytes = saveSafetensors(source instanceof Module ? source.stateDict() : source, metadata);
  writeFileSync(path, bytes);
}

/**
 * Reads a .safetensors file: its tensors by name and its metadata. Load them into a model with
 * `model.loadStateDict(loadFile(path).tensors)`.
 * @example const { tensors } = loadFile('model.safetensors');
 */
export function loadFile(path: string): SafetensorsContents {
  if (typeof path !== 'string' || path === '') throw new ValueError(`loadFile: path must be a non-empty string, got ${describe(path)}`);
  const buf = readFileSync(path);
  return loadSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}
