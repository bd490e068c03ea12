/**
 * Entry point of the playground page: tab switching, then the two tabs' own setup. Everything runs in the
 * browser on @nabla/autograd, @nabla/nn and @nabla/optim, bundled by Vite from their TypeScript sources.
 */
import './style.css';
import { byId } from './dom.js';
import { setupExpressionTab } from './expression-tab.js';
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
document.body.dataset['ready'] = 'true';
