import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { diagonal } from './diagonal.js';
import { matmul } from './linalg.js';
import { checkTensor } from './operand.js';
import { permute, reshape } from './shape.js';

/** An operand during contraction: a tensor and one label per axis (letters; ellipsis axes are '.0', '.1', ...). */
interface Term {
  t: Tensor;
  labels: string[];
}

/** Parses one side of the equation: its letters, and where the ellipsis sits (-1 if none). */
function parseTerm(eq: string, term: string, what: string): { letters: string[]; ellipsisAt: number } {
  const letters: string[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('...', i)) {
      if (ellipsisAt >= 0) throw new ValueError(`einsum: ${what} '${term}' of equation '${eq}' has more than one ellipsis`);
      ellipsisAt = letters.length;
      i += 2;
    } else if (/[a-zA-Z]/.test(term[i]!)) letters.push(term[i]!);
    else throw new ValueError(`einsum: invalid character '${term[i]}' in ${what} '${term}' of equation '${eq}' (use letters a-z, A-Z and '...')`);
  }
  return { letters, ellipsisAt };
}

/**
 * Einstein summation (torch.einsum): `equation` names each operand's axes with letters, e.g. 'bij,bjk->bik'.
 * Letters repeated within an operand take its diagonal; letters missing from the output are summed; '...'
 * stands for broadcast leading axes; without '->' the output is the letters used once, alphabetically, after
 * the ellipsis axes, and an explicit output without '...' sums them (as PyTorch). Operands are contracted
 * pairwise through `matmul`, cheapest intermediate first, never via a full outer product. Size-1 axes broadcast.
 * @example einsum('ij,jk->ik', a, b) // matmul
 * @example einsum('ii', m) // trace
 * @example einsum('...ij->...ji', x) // batched transpose
 */
export function einsum(equation: string, ...tensors: Tensor[]): Tensor {
  if (typeof equation !== 'string') throw new ValueError(`einsum: equation must be a string, got ${describe(equation)}`);
  const xs = tensors.map((t, i) => checkTensor('einsum', t, `operand ${i}`));
  const shapes = xs.map((t) => fmtShape(t._shape)).join(', ');
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  if (arrow !== eq.lastIndexOf('->')) throw new ValueError(`einsum: equation '${equation}' has more than one '->'`);
  const lhs = arrow < 0 ? eq : eq.slice(0, arrow);
  const inputs = lhs.split(',');
  if (xs.length === 0) throw new ValueError(`einsum: equation '${equation}' needs at least one operand, got none`);
  if (inputs.length !== xs.length) {
    throw new ValueError(`einsum: equation '${equation}' has ${inputs.length} operand term(s) but got ${xs.length} tensor(s) (shapes ${shapes})`);
  }
  // Ellipsis axes are right-aligned across operands, as broadcasting is.
  const parsed = inputs.map((term, k) => parseTerm(equation, term, `operand ${k} term`));
  let ellipsisDims = 0;
  const terms: Term[] = parsed.map(({ letters, ellipsisAt }, k) => {
    const t = xs[k]!;
    const e = t.ndim - letters.length;
    if (ellipsisAt < 0 ? e !== 0 : e < 0) {
      throw new ShapeError(`einsum: operand ${k} has shape ${fmtShape(t._shape)} (${t.ndim} dims) but its term '${inputs[k]}' names ${letters.length} in equation '${equation}' (shapes ${shapes})`);
    }
    ellipsisDims = Math.max(ellipsisDims, ellipsisAt < 0 ? 0 : e);
    const ell = ellipsisAt < 0 ? [] : Array.from({ length: e }, (_, i) => `.${i - e}`);
    return { t, labels: ellipsisAt < 0 ? letters : [...letters.slice(0, ellipsisAt), ...ell, ...letters.slice(ellipsisAt)] };
  });
  const ellLabels = Array.from({ length: ellipsisDims }, (_, i) => `.${i - ellipsisDims}`);
  // Sizes per label; 1 broadcasts against anything.
  const size = new Map<string, number>();
  terms.forEach(({ t, labels }, k) => labels.forEach((l, i) => {
    const d = t._shape[i]!;
    const first = labels.indexOf(l);
    if (first < i && t._shape[first] !== d) {
      throw new ShapeError(`einsum: label '${l}' is repeated in operand ${k} with sizes ${t._shape[first]} and ${d}; a diagonal needs equal sizes (equation '${equation}', shapes ${shapes})`);
    }
    const seen = size.get(l);
    if (seen !== undefined && seen !== d && seen !== 1 && d !== 1) {
      const name = l.startsWith('.') ? 'an ellipsis axis' : `label '${l}'`;
      throw new ShapeError(`einsum: ${name} has size ${seen} in one operand and ${d} in operand ${k} in equation '${equation}' (shapes ${shapes})`);
    }
    if (seen === undefined || seen === 1) size.set(l, d);
  }));
  const counts = new Map<string, number>();
  for (const { labels } of terms) for (const l of new Set(labels)) counts.set(l, (counts.get(l) ?? 0) + 1);
  let output: string[];
  if (arrow < 0) {
    const once = [...counts.keys()].filter((l) => !l.startsWith('.') && terms.reduce((n, { labels }) => n + labels.filter((m) => m === l).length, 0) === 1);
    output = [...ellLabels, ...once.sort()];
  } else {
    const { letters, ellipsisAt } = parseTerm(equation, eq.slice(arrow + 2), 'output term');
    for (const l of letters) {
      if (!counts.has(l)) throw new ValueError(`einsum: output label '${l}' of equation '${equation}' does not appear in any operand`);
    }
    if (new Set(letters).size !== letters.length) throw new ValueError(`einsum: output term of equation '${equation}' repeats a label`);
    // As in PyTorch (unlike NumPy), an output without '...' sums the ellipsis axes.
    output = ellipsisAt < 0 ? letters : [...letters.slice(0, ellipsisAt), ...ellLabels, ...letters.slice(ellipsisAt)];
  }
  return contractAll(terms.map(takeDiagonals), output, size);
}

/** Repeated labels within one operand select its diagonal (one label per axis afterwards). */
function takeDiagonals(term: Term): Term {
  let { t, labels } = term;
  for (;;) {
    const i = labels.findIndex((l, k) => labels.indexOf(l) !== k);
    if (i < 0) return { t, labels };
    const first = labels.indexOf(labels[i]!);
    t = diagonal(t, { axis1: first, axis2: i });
    labels = [...labels.filter((_, k) => k !== first && k !== i), labels[first]!];
  }
}

/** Sums axes whose labels nobody else needs, then contracts pairs (greedy: smallest intermediate first). */
function contractAll(terms: Term[], output: string[], size: Map<string, number>): Tensor {
  const needed = (except: number[]) => {
    const s = new Set(output);
    terms.forEach((tm, k) => !except.includes(k) && tm.labels.forEach((l) => s.add(l)));
    return s;
  };
  terms = terms.map((tm, k) => sumUnneeded(tm, needed([k])));
  while (terms.length > 1) {
    let best: [number, number] = [0, 1];
    let bestCost = Infinity;
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 1; j < terms.length; j++) {
        const keep = needed([i, j]);
        const res = new Set([...terms[i]!.labels, ...terms[j]!.labels].filter((l) => keep.has(l)));
        const shared = terms[i]!.labels.some((l) => terms[j]!.labels.includes(l));
        // Prefer pairs that share a label (a real contraction) over outer products.
        const cost = [...res].reduce((p, l) => p * size.get(l)!, 1) * (shared ? 1 : 1e12);
        if (cost < bestCost) [bestCost, best] = [cost, [i, j]];
      }
    }
    const [i, j] = best;
    const merged = sumUnneeded(contractPair(terms[i]!, terms[j]!, needed([i, j]), size), needed([i, j]));
    terms = [...terms.filter((_, k) => k !== i && k !== j), merged];
  }
  const last = sumUnneeded(terms[0]!, new Set(output));
  const t = last.t.expand(last.labels.map((l) => size.get(l)!));
  return permute(t, output.map((l) => last.labels.indexOf(l)));
}

function sumUnneeded({ t, labels }: Term, keep: Set<string>): Term {
  const axes = labels.map((l, k) => (keep.has(l) ? -1 : k)).filter((k) => k >= 0);
  if (axes.length === 0) return { t, labels };
  return { t: t.sum(axes), labels: labels.filter((l) => keep.has(l)) };
}

/** One pairwise contraction as a batched matmul: [batch, freeA, shared] @ [batch, shared, freeB]. */
function contractPair(a: Term, b: Term, keep: Set<string>, size: Map<string, number>): Term {
  const inB = new Set(b.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const contracted = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = a.labels.filter((l) => !inB.has(l));
  const freeB = b.labels.filter((l) => !a.labels.includes(l));
  const arrange = (tm: Term, order: string[]) =>
    permute(tm.t, order.map((l) => tm.labels.indexOf(l))).expand(order.map((l) => size.get(l)!));
  const n = (ls: string[]) => ls.reduce((p, l) => p * size.get(l)!, 1);
  const am = reshape(arrange(a, [...batch, ...freeA, ...contracted]), [n(batch), n(freeA), n(contracted)]);
  const bm = reshape(arrange(b, [...batch, ...contracted, ...freeB]), [n(batch), n(contracted), n(freeB)]);
  const out = matmul(am, bm);
  const labels = [...batch, ...freeA, ...freeB];
  return { t: reshape(out, labels.map((l) => size.get(l)!)), labels };
}
