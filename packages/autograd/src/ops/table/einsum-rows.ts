import fc from 'fast-check';
import { arbTensor } from '../../testing/arbitraries.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as ops from '../index.js';
import type { OpRow, RefResult } from './harness.js';
import { at, build, indices } from './reference.js';

/**
 * Plain-JS einsum over letter-only equations with an explicit output: loops over every assignment of
 * every label and adds the product of the operands' entries into the output entry.
 */
export function einsumRef(equation: string, xs: Tensor[]): RefResult {
  const [lhs, out] = equation.split('->') as [string, string];
  const terms = lhs.split(',');
  const size = new Map<string, number>();
  terms.forEach((term, k) => [...term].forEach((l, i) => size.set(l, Math.max(size.get(l) ?? 1, xs[k]!.shape[i]!))));
  const labels = [...size.keys()];
  const datas = xs.map((t) => t.data());
  const outShape = [...out].map((l) => size.get(l)!);
  const acc = new Map<string, number>();
  for (const idx of indices(labels.map((l) => size.get(l)!))) {
    const v = (l: string) => idx[labels.indexOf(l)]!;
    // Size-1 axes broadcast: they are always read at 0.
    const p = terms.reduce((prod, term, k) => prod * at(xs[k]!, datas[k]!, [...term].map((l, i) => (xs[k]!.shape[i] === 1 ? 0 : v(l)))), 1);
    const key = [...out].map(v).join(',');
    acc.set(key, (acc.get(key) ?? 0) + p);
  }
  return build(outShape, (idx) => acc.get(idx.join(',')) ?? 0);
}

const dim = fc.integer({ min: 1, max: 3 });
/** Draws a size per letter, then one tensor per operand shaped by its term (letters only). */
const operands = (terms: string[], ones: string[] = []) =>
  fc.array(dim, { minLength: 26, maxLength: 26 }).chain((sizes) =>
    fc.tuple(...terms.map((term, k) => arbTensor({ shape: [...term].map((l) => (ones[k]?.includes(l) ? 1 : sizes[l.charCodeAt(0) - 97]!)) }))));

/** A row running `eq` in nabla and `refEq` (letters only, explicit output) in the reference. */
const row = (eq: string, refEq: string, terms: string[], ones: string[] = [], note = ''): OpRow => ({
  name: `einsum '${eq}'${note}`,
  fn: (...xs) => ops.einsum(eq, ...xs),
  ref: (...xs) => einsumRef(refEq, xs),
  inputs: operands(terms, ones).map((xs) => [...xs]),
  twice: true,
});

/** Rows for einsum: every kind of equation, each checked against the loop reference and by gradcheck. */
export const einsumRows: OpRow[] = [
  row('ij,jk->ik', 'ij,jk->ik', ['ij', 'jk']),
  row('bij,bjk->bik', 'bij,bjk->bik', ['bij', 'bjk']),
  row('ii->i', 'ii->i', ['ii']),
  row('ii', 'ii->', ['ii']),
  row('ji', 'ji->ij', ['ji']),
  row('i,j', 'i,j->ij', ['i', 'j']),
  row('i,i->', 'i,i->', ['i', 'i']),
  row('ij->', 'ij->', ['ij']),
  row('iij->j', 'iij->j', ['iij']),
  row('bii->b', 'bii->b', ['bii']),
  row('ijk,ikl->jl', 'ijk,ikl->jl', ['ijk', 'ikl']),
  row('ij,jk,kl->il', 'ij,jk,kl->il', ['ij', 'jk', 'kl']),
  row('a,ab,bc,c->', 'a,ab,bc,c->', ['a', 'ab', 'bc', 'c']),
  row('ab,ab,ab->a', 'ab,ab,ab->a', ['ab', 'ab', 'ab']),
  row('...ij,...jk->...ik', 'abij,abjk->abik', ['abij', 'abjk'], ['b', 'a'], ' (size-1 batch axes broadcast)'),
  row('...ij,jk', 'abij,jk->abik', ['abij', 'jk']),
  row('i j , j k ->', 'ij,jk->', ['ij', 'jk'], [], ' (spaces)'),
  row('bij,bjk->bik', 'bij,bjk->bik', ['bij', 'bjk'], ['', 'b'], ' (size-1 label broadcasts)'),
  row('...ij->...ji', 'abij->abji', ['abij']),
  row('i...->...', 'iab->ab', ['iab']),
  row('...ij->ij', 'abij->ij', ['abij'], [], ' (ellipsis axes summed, as PyTorch)'),
  row('bn,anm,bm->ba', 'bn,anm,bm->ba', ['bn', 'anm', 'bm']),
  row('ij,kl->ijkl', 'ij,kl->ijkl', ['ij', 'kl']),
];
