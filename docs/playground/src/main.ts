/**
 * Entry point of the playground page: tab switching, then the three tabs' own setup. Everything runs in the
 * browser on @nabla/autograd, @nabla/nn and @nabla/optim, bundled by Vite from their TypeScript sources.
 */
import { getBackend, getNumThreads, ready, tensor } from '@nabla/autograd';
import './style.css';
import { byId } from './dom.js';
import { setupExpressionTab } from './expression-tab.js';
import { setupGptTab } from './gpt-tab.js';
import { setupXorTab, xorPanel } from './xor-tab.js';

function setupTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement): void => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      byId(t.getAttribute('aria-controls') as string).hidden = !on;
    }
  };
  for (const t of tabs) t.addEventListener('click', () => select(t));
}

byId('xor-panels').append(xorPanel('single', 'Single layer: sigmoid(w·x + b)', 0.5), xorPanel('mlp', '2-4-1 MLP: tanh hidden layer', 1));
setupTabs();
setupExpressionTab();
setupXorTab();
setupGptTab();
// Large modules compile asynchronously on a browser's main thread: wait for the wasm kernels before saying ready.
await ready();
document.body.dataset['backend'] = getBackend().name;
document.body.dataset['threads'] = String(getNumThreads());
// One large op splits across the worker threads, starting them before anyone trains.
const warm = tensor(Array.from({ length: 1 << 17 }, (_, i) => i % 10)).mul(2).sum().item();
document.body.dataset['warm'] = String(warm);
byId('backend').textContent = `kernels: ${getBackend().name}, ${getNumThreads()} thread${getNumThreads() === 1 ? '' : 's'}`;
document.body.dataset['ready'] = 'true';
