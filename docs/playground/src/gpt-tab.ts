/**
 * The third tab: a character-level GPT trained on Moby-Dick by examples/gpt, loaded from its half-precision
 * safetensors checkpoint (public/gpt.f16.safetensors), writes text in the page one character per animation
 * frame. Hovering (or focusing) a generated character shows where it looked: the attention of the last
 * block, averaged over its heads, from the position that predicted it back over the context.
 */
import { Generator, noGrad, tensor } from '@nabla/autograd';
import { loadGpt } from '../../../examples/gpt/checkpoint.js';
import { sampleNext } from '../../../examples/gpt/generate.js';
import type { Gpt } from '../../../examples/gpt/model.js';
import type { Vocab } from '../../../examples/gpt/vocab.js';
import { byId, h } from './dom.js';

/** One character on screen: its text, and for a generated one the attention over absolute positions. */
interface Shown {
  span: HTMLSpanElement;
  /** Attention weights by absolute position (start .. start + weights.length), or null for the prompt. */
  attention: { start: number; weights: number[] } | null;
}

/**
 * The mean over heads of the last block's attention from the last position of `context` (which the model
 * reads to predict the next character) back over every position of `context`.
 */
export function lastAttention(model: Gpt, context: readonly number[]): number[] {
  return noGrad(() => {
    const x = tensor(Int32Array.from(context), { dtype: 'int32' }).reshape([1, context.length]);
    const w = model.attentionWeights(x, model.config.nLayer - 1); // [heads, T, T]
    return Array.from(w.select(1, context.length - 1).mean(0).data());
  });
}

/** Wires the tab; the checkpoint loads in the background and the Generate button waits for it. */
export function setupGptTab(): void {
  const status = byId('gpt-status');
  const out = byId('gpt-text');
  const detail = byId('gpt-attention');
  const button = byId<HTMLButtonElement>('gpt-generate');
  let loaded: { model: Gpt; vocab: Vocab } | null = null;
  let frame = 0;
  let shown: Shown[] = [];
  const setStatus = (state: string, text: string): void => {
    status.dataset['state'] = state;
    status.textContent = text;
  };

  button.disabled = true;
  setStatus('loading', 'loading the checkpoint…');
  fetch('./gpt.f16.safetensors')
    .then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      loaded = loadGpt(new Uint8Array(await r.arrayBuffer()));
      const c = loaded.model.config;
      const n = loaded.model.parameters().reduce((s, p) => s + p.size, 0);
      setStatus('ready', `model: ${c.nLayer} blocks × ${c.nHead} heads, width ${c.nEmbd}, context ${c.blockSize}, ${n.toLocaleString('en')} parameters`);
      button.disabled = false;
    })
    .catch((e: unknown) => setStatus('error', `could not load gpt.f16.safetensors: ${e instanceof Error ? e.message : String(e)}`));

  const highlight = (index: number): void => {
    for (const s of shown) {
      s.span.style.background = '';
      s.span.classList.remove('current');
      delete s.span.dataset['weight'];
    }
    const target = shown[index];
    if (target?.attention == null) return;
    target.span.classList.add('current');
    const { start, weights } = target.attention;
    const top = Math.max(...weights);
    weights.forEach((w, j) => {
      const s = shown[start + j];
      if (s === undefined) return;
      s.span.dataset['weight'] = w.toFixed(4);
      s.span.style.background = `rgba(230, 120, 30, ${(w / top).toFixed(3)})`;
    });
    const best = weights.map((w, j) => [w, start + j] as const).sort((a, b) => b[0] - a[0]).slice(0, 5);
    const label = (i: number): string => JSON.stringify(shown[i]?.span.textContent ?? '');
    detail.replaceChildren(
      h('span', {}, `${label(index)} was predicted from the context ending at position ${index - 1}; it looked most at: `),
      ...best.map(([w, i]) => h('span', { class: 'att-item' }, `${label(i)} (pos ${i}) ${(w * 100).toFixed(1)}%`)),
    );
  };

  const charSpan = (c: string, generated: boolean): HTMLSpanElement => {
    const span = h('span', { class: `gpt-char${generated ? ' generated' : ''}`, tabindex: generated ? 0 : -1 }, c);
    const index = shown.length;
    if (generated) {
      span.addEventListener('mouseenter', () => highlight(index));
      span.addEventListener('focus', () => highlight(index));
    }
    out.append(span);
    return span;
  };

  button.addEventListener('click', () => {
    if (loaded === null) return;
    const { model, vocab } = loaded;
    cancelAnimationFrame(frame);
    const prompt = byId<HTMLInputElement>('gpt-prompt').value;
    const length = Math.min(2000, Math.max(1, Math.round(byId<HTMLInputElement>('gpt-length').valueAsNumber || 200)));
    const temperature = byId<HTMLInputElement>('gpt-temperature').valueAsNumber || 0.8;
    const generator = new Generator(byId<HTMLInputElement>('gpt-seed').valueAsNumber || 0);
    let ids: number[];
    try {
      if (prompt.length === 0) throw new Error('type a prompt of at least one character');
      ids = Array.from(vocab.encode(prompt));
    } catch (e) {
      setStatus('error', e instanceof Error ? e.message : String(e));
      return;
    }
    out.replaceChildren();
    detail.replaceChildren();
    shown = [...prompt].map((c) => ({ span: charSpan(c, false), attention: null }));
    setStatus('generating', 'writing…');
    const t0 = performance.now();
    let made = 0;
    const tick = (): void => {
      const context = ids.slice(-model.config.blockSize);
      const weights = lastAttention(model, context);
      const next = sampleNext(model, ids, { temperature, topK: 20, generator });
      shown.push({ span: charSpan(vocab.decode([next]), true), attention: { start: ids.length - context.length, weights } });
      ids.push(next);
      made++;
      if (made < length) frame = requestAnimationFrame(tick);
      else {
        setStatus('done', `${length} characters in ${((performance.now() - t0) / 1000).toFixed(1)} s; hover one to see its attention`);
        highlight(shown.length - 1);
      }
    };
    frame = requestAnimationFrame(tick);
  });
}
