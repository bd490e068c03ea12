import type { TypedArray } from './dtype.js';

/**
 * The memory behind one or more tensors. Views (reshape, expand, transpose) share a Storage, and the
 * version counter lives here so that an in-place write through any of them is seen by backward.
 */
export class Storage {
  version = 0;
  constructor(public data: TypedArray) {}
}
