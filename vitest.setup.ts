// Runs before every test file: NABLA_BACKEND=cpu (or wasm) selects the kernels the whole suite runs on, so CI can
// run every test on both backends. Unset, the library's own default applies (wasm where SIMD is available).
import { setBackend } from './packages/autograd/src/backend/registry.js';

const name = process.env['NABLA_BACKEND'];
if (name === 'cpu' || name === 'wasm') setBackend(name);
else if (name !== undefined && name !== '') throw new Error(`NABLA_BACKEND must be 'cpu' or 'wasm', got ${JSON.stringify(name)}`);
