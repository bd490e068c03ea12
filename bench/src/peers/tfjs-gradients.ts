/**
 * tfjs-core's gradient rules are registered by `dist/register_all_gradients.js`, which exists only as
 * per-file ESM written for bundlers: extensionless relative imports, a `./gradients` that is both a file and
 * a directory, and `.js` files in a package not marked `"type": "module"`. The union package
 * `@tensorflow/tfjs` bundles them; with tfjs-core alone in Node, `tf.grads` fails ("gradient function not
 * found"). A small resolve hook lets Node load that ESM tree as its authors' bundlers do. The second copy
 * of tfjs-core it loads shares the engine and registries with the CommonJS one (tfjs keeps them in a
 * global namespace and makes `instanceof Tensor` work across copies for this purpose).
 */
import { createRequire, register } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const HOOK = `
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const DIST = '/@tensorflow/tfjs-core/dist/';
export async function resolve(specifier, context, next) {
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  if (specifier.startsWith('file:') || (relative && (context.parentURL ?? '').includes(DIST))) {
    const url = new URL(specifier, context.parentURL);
    if (url.href.includes(DIST)) {
      const file = fileURLToPath(url);
      for (const suffix of file.endsWith('.js') ? [''] : ['.js', '/index.js']) {
        if (existsSync(file + suffix)) return { url: url.href + suffix, format: 'module', shortCircuit: true };
      }
    }
  }
  return next(specifier, context);
}`;

let done: Promise<void> | undefined;

/** Registers every tfjs-core gradient rule once per process. */
export function registerTfGradients(): Promise<void> {
  done ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core'));
    await import(pathToFileURL(`${dist}/register_all_gradients.js`).href);
  })();
  return done;
}
