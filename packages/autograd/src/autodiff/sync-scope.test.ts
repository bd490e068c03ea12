import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { tensor } from '../creation/tensor.js';
import { ValueError } from '../errors.js';
import { anomalyEnabled, detectAnomaly } from './anomaly.js';
import { enableGrad, isGradEnabled, noGrad } from './grad-mode.js';

type Scope = <T>(fn: () => T) => T;
const scopes: [string, Scope, () => boolean][] = [
  ['noGrad', noGrad, () => !isGradEnabled()],
  ['enableGrad', (fn) => noGrad(() => enableGrad(fn)), isGradEnabled],
  ['detectAnomaly', detectAnomaly, anomalyEnabled],
];

describe('grad-mode and anomaly scopes refuse async callbacks (issue 20 item 9)', () => {
  for (const [name, scope, active] of scopes) {
    it(`${name}(async ...) is a ValueError before the callback runs; modes are untouched`, () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const before = snapshot(x);
      let ran = false;
      let thrown: unknown;
      try {
        scope(async () => {
          ran = true;
          x.mul(2);
        });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValueError);
      expect((thrown as Error).message).toMatch(new RegExp(`^${name}: got an async function; ${name} covers synchronous code only`));
      expect(ran).toBe(false);
      expect(isGradEnabled()).toBe(true);
      expect(anomalyEnabled()).toBe(false);
      expect(snapshot(x)).toEqual(before);
    });

    it(`${name} with a plain function returning a Promise throws after restoring the mode`, async () => {
      let insideSync = false;
      let insideAfterAwait: boolean | undefined;
      let thrown: unknown;
      try {
        scope(() => {
          insideSync = active();
          return Promise.resolve().then(() => {
            insideAfterAwait = active();
          });
        });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValueError);
      expect((thrown as Error).message).toMatch(new RegExp(`^${name}: got a function that returned a Promise`));
      expect(insideSync).toBe(true);
      await Promise.resolve();
      await Promise.resolve();
      // The continuation indeed ran outside the scope: this is why the Promise is refused. (For enableGrad
      // the mode outside is also 'on', so the difference is not observable here.)
      if (name !== 'enableGrad') expect(insideAfterAwait).toBe(false);
      expect(isGradEnabled()).toBe(true);
      expect(anomalyEnabled()).toBe(false);
    });
  }

  it('a non-function is a ValueError naming what was passed; sync callbacks still return their value', () => {
    expect(() => noGrad(3 as never)).toThrow(/^noGrad: expected a function, got number 3$/);
    expect(() => detectAnomaly({} as never)).toThrow(/^detectAnomaly: expected a function, got an object \(Object\)$/);
    expect(noGrad(() => tensor([1], { requiresGrad: true }).mul(2).requiresGrad)).toBe(false);
    expect(noGrad(() => ({ then: 1 }))).toEqual({ then: 1 });
  });
});
