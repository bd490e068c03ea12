/**
 * The second tab: trains the single layer and the 2-4-1 MLP side by side on XOR, a few SGD steps per
 * animation frame, drawing each model's loss curve (SVG) and decision boundary (a canvas heat map of the
 * model's output over the plane, with the four XOR points on top).
 */
import { byId, fmt, h, s } from './dom.js';
import { XOR_INPUTS, XOR_TARGETS, XorRun, grid, type ModelKind } from './xor.js';

const GRID = 48; // heat-map cells per side
const LO = -0.25; // the plane shown: [LO, HI]^2, a margin around the unit square
const HI = 1.25;
const STEPS_PER_FRAME = 25;

interface Panel {
  kind: ModelKind;
  root: HTMLElement;
  run: XorRun | null;
}

/** Wires the tab's controls; call once after the page has loaded. */
export function setupXorTab(): void {
  const panels: Panel[] = (['single', 'mlp'] as const).map((kind) => ({ kind, root: byId(`xor-${kind}`), run: null }));
  const steps = byId<HTMLInputElement>('xor-steps');
  const seed = byId<HTMLInputElement>('xor-seed');
  const status = byId('xor-status');
  let frame = 0;

  const lrOf = (p: Panel): number => byId<HTMLInputElement>(`xor-lr-${p.kind}`).valueAsNumber;
  const fresh = (): void => {
    for (const p of panels) {
      p.run = new XorRun({ kind: p.kind, lr: lrOf(p), seed: seed.valueAsNumber || 0 });
      draw(p);
    }
  };

  const train = (): void => {
    cancelAnimationFrame(frame);
    fresh();
    const total = Math.max(1, Math.round(steps.valueAsNumber || 2000));
    status.textContent = 'training…';
    status.dataset['state'] = 'training';
    const tick = (): void => {
      for (const p of panels) {
        const run = p.run as XorRun;
        run.train(Math.min(STEPS_PER_FRAME, total - run.losses.length));
        draw(p);
      }
      const done = (panels[0]?.run?.losses.length ?? total) >= total;
      if (!done) frame = requestAnimationFrame(tick);
      else {
        status.textContent = `done: ${total} SGD steps each`;
        status.dataset['state'] = 'done';
      }
    };
    frame = requestAnimationFrame(tick);
  };

  byId('xor-train').addEventListener('click', train);
  byId('xor-reset').addEventListener('click', () => {
    cancelAnimationFrame(frame);
    status.textContent = '';
    status.dataset['state'] = 'idle';
    fresh();
  });
  fresh();
}

function draw(p: Panel): void {
  const run = p.run;
  if (!run) return;
  const acc = run.accuracy();
  const loss = run.losses.at(-1);
  p.root.querySelector('.acc')?.replaceChildren(`${Math.round(acc * 100)}%`);
  (p.root.querySelector('.acc') as HTMLElement).dataset['value'] = String(acc);
  p.root.querySelector('.loss')?.replaceChildren(loss === undefined ? '–' : fmt(loss));
  p.root.querySelector('.steps')?.replaceChildren(String(run.losses.length));
  const outs = run.predict(XOR_INPUTS);
  p.root.querySelector('.preds')?.replaceChildren(`outputs at (0,0) (0,1) (1,0) (1,1): ${[...outs].map((v) => v.toFixed(3)).join('  ')}`);
  drawHeatMap(p.root.querySelector('canvas') as HTMLCanvasElement, run);
  p.root.querySelector('.curve')?.replaceChildren(lossCurve(run.losses));
}

/** Output 0 is blue, 1 is orange, 0.5 white: the boundary is where the colour fades out. */
function colour(p: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, p));
  const mix = (a: number, b: number, u: number): number => Math.round(a + (b - a) * u);
  return t < 0.5 ? [mix(49, 255, t * 2), mix(110, 255, t * 2), mix(196, 255, t * 2)] : [mix(255, 230, t * 2 - 1), mix(255, 120, t * 2 - 1), mix(255, 30, t * 2 - 1)];
}

function drawHeatMap(canvas: HTMLCanvasElement, run: XorRun): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const out = run.predict(grid(GRID, LO, HI));
  const img = ctx.createImageData(GRID, GRID);
  out.forEach((p, i) => {
    const [r, g, b] = colour(p);
    img.data.set([r, g, b, 255], i * 4);
  });
  // Paint the small grid on an offscreen canvas, then scale it up smoothly to the visible one.
  const small = document.createElement('canvas');
  small.width = GRID;
  small.height = GRID;
  small.getContext('2d')?.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  const px = (v: number): number => ((v - LO) / (HI - LO)) * canvas.width;
  XOR_INPUTS.forEach(([x0, x1], i) => {
    ctx.beginPath();
    ctx.arc(px(x0), canvas.height - px(x1), 9, 0, 2 * Math.PI);
    ctx.fillStyle = XOR_TARGETS[i] === 1 ? '#e6781e' : '#316ec4';
    ctx.fill();
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#1d2433'; // a dark ring keeps a point visible on a background of its own colour
    ctx.stroke();
  });
}

/** The loss per step as an SVG polyline on a linear axis from 0 to the largest loss seen. */
function lossCurve(losses: readonly number[]): SVGElement {
  const W = 300;
  const H = 140;
  const pad = 30;
  const top = Math.max(0.3, ...losses);
  const n = Math.max(losses.length - 1, 1);
  const pts = losses.map((l, i) => `${(pad + ((W - pad - 6) * i) / n).toFixed(1)},${(H - 18 - ((H - 26) * l) / top).toFixed(1)}`);
  return s(
    'svg',
    { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'loss curve' },
    s('line', { class: 'axis', x1: pad, y1: H - 18, x2: W - 6, y2: H - 18 }),
    s('line', { class: 'axis', x1: pad, y1: 8, x2: pad, y2: H - 18 }),
    s('text', { class: 'tick', x: pad - 4, y: 14, 'text-anchor': 'end' }, top.toFixed(2)),
    s('text', { class: 'tick', x: pad - 4, y: H - 18, 'text-anchor': 'end' }, '0'),
    s('text', { class: 'tick', x: W - 6, y: H - 4, 'text-anchor': 'end' }, `step ${losses.length}`),
    s('polyline', { class: 'loss-line', points: pts.join(' ') }),
  );
}

/** The markup of one model's card (title, learning rate, readouts, heat map, loss curve). */
export function xorPanel(kind: ModelKind, title: string, lr: number): HTMLElement {
  return h(
    'div',
    { class: 'card', id: `xor-${kind}` },
    h('h3', {}, title),
    h('label', {}, 'learning rate ', h('input', { type: 'number', step: 'any', id: `xor-lr-${kind}`, value: lr })),
    h('p', { class: 'readout' }, 'accuracy ', h('b', { class: 'acc', 'data-testid': `acc-${kind}` }), ' · loss ', h('b', { class: 'loss' }), ' · steps ', h('b', { class: 'steps' })),
    h('canvas', { width: 300, height: 300, class: 'heat', 'aria-label': `${title} decision boundary` }),
    h('p', { class: 'preds' }),
    h('div', { class: 'curve' }),
  );
}
