/**
 * The first tab: type an expression over named scalars, set their values, and watch backpropagation.
 * Forward builds the Value graph; Step backward processes one node per press (BackwardStepper); Run
 * backward calls the engine's own `backward()`; Reset clears the grads; Check sets central finite
 * differences beside the analytic grads.
 */
import type { Value } from '@nabla/autograd';
import { buildGraph, finiteDifferences, type BuiltGraph } from './build.js';
import { byId, fmt, h } from './dom.js';
import { nodeTitle, renderGraph, type GraphMarks } from './graph-view.js';
import { ParseError, parse, variables, type Expr } from './parser.js';
import { BackwardStepper, type Step } from './step.js';

const DEFAULTS: Record<string, number> = { a: 2, b: -3, c: 0.5, d: 1.5 };

/** Wires the tab's controls; call once after the page has loaded. */
export function setupExpressionTab(): void {
  const input = byId<HTMLInputElement>('expr');
  const varsBox = byId('vars');
  const errorBox = byId('parse-error');
  const graphBox = byId('graph');
  const stepPanel = byId('step-panel');
  const checkPanel = byId('check-panel');
  const status = byId('status');
  const values = new Map<string, number>();

  let expr: Expr | null = null;
  let graph: BuiltGraph | null = null;
  let stepper: BackwardStepper | null = null;
  let marks: GraphMarks = {};

  const draw = (): void => {
    graphBox.replaceChildren(graph ? renderGraph(graph, marks) : '');
  };

  /** Parses the input; shows the error with a caret under its column, or refreshes the variable inputs. */
  const reparse = (): Expr | null => {
    const src = input.value;
    try {
      const e = parse(src);
      errorBox.hidden = true;
      input.classList.remove('invalid');
      renderVarInputs(variables(e));
      return e;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      errorBox.hidden = false;
      input.classList.add('invalid');
      errorBox.replaceChildren(
        h('pre', { class: 'caret' }, `${src}\n${' '.repeat(err.pos)}^`),
        h('span', { 'data-testid': 'parse-message' }, `column ${err.pos + 1}: ${err.message}`),
      );
      errorBox.dataset['pos'] = String(err.pos);
      return null;
    }
  };

  const renderVarInputs = (names: string[]): void => {
    const current = [...varsBox.querySelectorAll<HTMLInputElement>('input')].map((i) => i.dataset['var']);
    if (current.join(',') === names.join(',')) return;
    varsBox.replaceChildren(
      ...names.map((name) => {
        if (!values.has(name)) values.set(name, DEFAULTS[name] ?? 1);
        const field = h('input', { type: 'number', step: 'any', value: String(values.get(name)), 'data-var': name, id: `var-${name}` });
        field.addEventListener('input', () => {
          const x = field.valueAsNumber;
          if (Number.isFinite(x)) values.set(name, x);
        });
        return h('label', { class: 'var' }, `${name} =`, field);
      }),
    );
  };

  const env = (e: Expr): Map<string, number> => new Map(variables(e).map((n) => [n, values.get(n) ?? 1]));

  const forward = (): void => {
    expr = reparse();
    if (!expr) return;
    graph = buildGraph(expr, env(expr));
    stepper = new BackwardStepper(graph.root);
    marks = {};
    stepPanel.replaceChildren(h('p', { class: 'hint' }, 'Forward pass done: every node holds its value. Press Step backward to run the chain rule one node at a time.'));
    checkPanel.replaceChildren();
    status.textContent = `forward: output = ${fmt(graph.root.data)}`;
    draw();
  };

  const reset = (): void => {
    if (!graph) return forward();
    for (const n of graph.nodes) n.value.grad = 0;
    stepper = new BackwardStepper(graph.root);
    marks = {};
    stepPanel.replaceChildren(h('p', { class: 'hint' }, 'Gradients cleared.'));
    checkPanel.replaceChildren();
    status.textContent = 'reset: all grads are 0';
    draw();
  };

  const stepBackward = (): void => {
    if (!graph) forward();
    if (!graph) return;
    if (!stepper || stepper.done) stepper = new BackwardStepper(graph.root);
    const step = stepper.step() as Step;
    const done = new Set<Value>(stepper.order.slice(0, stepper.position - 1));
    marks = { current: step.node, updated: new Set(step.contributions.map((c) => c.input)), done };
    stepPanel.replaceChildren(describeStep(graph, step, stepper.position, stepper.order.length));
    status.textContent = stepper.done ? 'backward finished: every grad is d(output)/d(node)' : `step ${stepper.position} of ${stepper.order.length}`;
    draw();
  };

  const runBackward = (): void => {
    if (!graph) forward();
    if (!graph) return;
    for (const n of graph.nodes) n.value.grad = 0;
    graph.root.backward(); // the engine's own sweep
    stepper = null;
    marks = { done: new Set(graph.nodes.map((n) => n.value)) };
    stepPanel.replaceChildren(h('p', { class: 'hint' }, 'Ran Value.backward(): the whole reverse sweep at once.'));
    status.textContent = 'backward finished: every grad is d(output)/d(node)';
    draw();
  };

  const check = (): void => {
    if (!graph || !expr) forward();
    if (!graph || !expr) return;
    if (stepper) runBackward(); // analytic grads must be complete before they are compared
    const numeric = finiteDifferences(expr, env(expr));
    marks = { ...marks, numeric };
    const rows = [...numeric].map(([name, fd]) => {
      const analytic = graph?.vars.get(name)?.grad ?? NaN;
      const err = Math.abs(analytic - fd);
      const ok = err <= 1e-5 + 1e-3 * Math.abs(fd);
      return h('tr', { 'data-var': name, class: ok ? 'ok' : 'bad' }, h('td', {}, name), h('td', { class: 'analytic' }, fmt(analytic)), h('td', { class: 'numeric' }, fmt(fd)), h('td', {}, err.toExponential(1)), h('td', {}, ok ? '✓' : '✗'));
    });
    const head = h('tr', {}, ...['var', 'analytic', 'finite diff.', '|diff|', ''].map((t) => h('th', {}, t)));
    checkPanel.replaceChildren(h('h3', {}, 'Check: central differences (f(x+h) − f(x−h)) / 2h'), h('table', { 'data-testid': 'check-table' }, head, ...rows));
    draw();
  };

  input.addEventListener('input', () => void reparse());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') forward();
  });
  byId('btn-forward').addEventListener('click', forward);
  byId('btn-step').addEventListener('click', stepBackward);
  byId('btn-run').addEventListener('click', runBackward);
  byId('btn-reset').addEventListener('click', reset);
  byId('btn-check').addEventListener('click', check);
  forward();
}

/** The step panel: the node, its finished grad, and one chain-rule line per input. */
function describeStep(g: BuiltGraph, step: Step, position: number, total: number): HTMLElement {
  const node = g.byValue.get(step.node);
  const name = node?.name ?? '?';
  const title = node ? nodeTitle(g, node) : name;
  const head = h('p', { class: 'step-head' }, `Step ${position} of ${total}: `, h('code', {}, title));
  const gradLine = h('p', {}, `grad(${name}) = ${fmt(step.g)}`, position === 1 ? ' (the output: d out/d out = 1 seeds the chain rule)' : ' (complete: every node using it is done)');
  if (step.contributions.length === 0) {
    return h('div', { 'data-testid': 'step' }, head, gradLine, h('p', { class: 'hint' }, `${name} is a leaf: nothing to pass on.`));
  }
  const names = step.node.prev.map((v) => g.byValue.get(v)?.name ?? '?');
  const roles = names.length === 2 ? `x = ${names[0]}, y = ${names[1]}, out = ${name}` : `x = ${names[0]}, out = ${name}`;
  const items = step.contributions.map((c) => {
    const input = names[c.index] ?? '?';
    return h(
      'li',
      { 'data-input': input },
      h('span', { class: 'local' }, `∂${name}/∂${input} = ${localText(c.local.formula, names, c.local.value)}`),
      h('br'),
      h('span', { class: 'product' }, `${input}.grad += ${fmt(step.g)} × ${fmt(c.local.value)} = ${fmt(c.product)}`),
      h('span', { class: 'after' }, `  → ${input}.grad = ${fmt(c.gradAfter)}`),
    );
  });
  return h('div', { 'data-testid': 'step' }, head, gradLine, h('p', { class: 'hint' }, roles), h('ul', { class: 'chain' }, ...items));
}

/** "y = b = -2.0000" for a formula that is just an input, "-1" for a constant, "1 - out² = 0.3050" otherwise. */
function localText(formula: string, names: readonly string[], value: number): string {
  if (/^-?\d+$/.test(formula)) return formula;
  if (formula === 'x' || formula === 'y') return `${formula} = ${names[formula === 'x' ? 0 : 1] ?? '?'} = ${fmt(value)}`;
  return `${formula} = ${fmt(value)}`;
}
