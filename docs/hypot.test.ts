/** The property tests of testing-gradients.md, run as real tests: the guide includes this file. */
import { describe, it } from 'vitest';
import { checkHypot, checkHypotBroadcast } from './snippets/testing.js';

describe('hypot, the custom op of docs/custom-ops.md', () => {
  it('matches central differences to first and second order on random tensors', checkHypot);
  it('sums gradients back to each operand when wrapped with broadcasting', checkHypotBroadcast);
});
