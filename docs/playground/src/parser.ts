/**
 * The learner's expression language: numbers, named scalars, + - * / ^ (also **), unary minus, parentheses
 * and the calls tanh, sigmoid, relu, exp, log. A tokenizer and a recursive-descent parser (expressions typed
 * by hand are shallow, so recursion is fine here); every error carries the 0-based position it points at.
 *
 * Precedence, loosest first: + -, then * /, then unary minus, then ^ (right-associative, so 2^3^2 = 2^9 and
 * -a^2 = -(a^2), as in mathematics; the exponent may carry its own minus: 2^-1).
 */

/** The functions a learner may call; each maps to the Value method of the same name. */
export const FUNCTIONS = ['tanh', 'sigmoid', 'relu', 'exp', 'log'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
export type BinaryOperator = 'add' | 'sub' | 'mul' | 'div' | 'pow';

/** A parsed expression; `pos` is where its first character (or its operator) sits in the source. */
export type Expr =
  | { kind: 'num'; value: number; text: string; pos: number }
  | { kind: 'var'; name: string; pos: number }
  | { kind: 'neg'; arg: Expr; pos: number }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; pos: number }
  | { kind: 'call'; fn: FunctionName; arg: Expr; pos: number };

/** A syntax error at `pos` (0-based index into the source; `source.length` means "at the end"). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

type Token =
  | { kind: 'num'; value: number; text: string; pos: number }
  | { kind: 'ident'; name: string; pos: number }
  | { kind: 'op'; op: '+' | '-' | '*' | '/' | '^' | '(' | ')'; pos: number }
  | { kind: 'end'; pos: number };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits `src` into tokens, ending with an `end` token; throws `ParseError` at the first stray character. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'num', value: Number(num[0]), text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', name: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
      tokens.push({ kind: 'op', op: '^', pos: i });
      i += 2;
      continue;
    }
    if ('+-*/^()'.includes(ch)) {
      tokens.push({ kind: 'op', op: ch as '+', pos: i });
      i++;
      continue;
    }
    throw new ParseError(`unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

const describeToken = (t: Token): string =>
  t.kind === 'end' ? 'the end of the expression' : t.kind === 'num' ? `number ${t.text}` : t.kind === 'ident' ? `'${t.name}'` : `'${t.op}'`;

const isFunction = (name: string): name is FunctionName => (FUNCTIONS as readonly string[]).includes(name);

/**
 * Parses an expression into a tree, or throws `ParseError` naming what was expected and where.
 * @example parse('a*b + tanh(c)'); // { kind: 'binary', op: 'add', ... }
 */
export function parse(src: string): Expr {
  const tokens = tokenize(src);
  let k = 0;
  const peek = (): Token => tokens[k] as Token;
  const isOp = (op: string): boolean => {
    const t = peek();
    return t.kind === 'op' && t.op === op;
  };
  const expect = (op: ')' | '(', what: string): void => {
    if (!isOp(op)) throw new ParseError(`expected '${op}' ${what}, found ${describeToken(peek())}`, peek().pos);
    k++;
  };

  // expr := term (('+' | '-') term)*
  function expr(): Expr {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const t = tokens[k++] as Token & { kind: 'op' };
      left = { kind: 'binary', op: t.op === '+' ? 'add' : 'sub', left, right: term(), pos: t.pos };
    }
    return left;
  }
  // term := unary (('*' | '/') unary)*
  function term(): Expr {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const t = tokens[k++] as Token & { kind: 'op' };
      left = { kind: 'binary', op: t.op === '*' ? 'mul' : 'div', left, right: unary(), pos: t.pos };
    }
    return left;
  }
  // unary := ('-' | '+') unary | power
  function unary(): Expr {
    const t = peek();
    if (isOp('-')) {
      k++;
      return { kind: 'neg', arg: unary(), pos: t.pos };
    }
    if (isOp('+')) {
      k++;
      return unary();
    }
    return power();
  }
  // power := atom ('^' unary)?   (right-associative through unary -> power)
  function power(): Expr {
    const base = atom();
    if (!isOp('^')) return base;
    const t = tokens[k++] as Token;
    return { kind: 'binary', op: 'pow', left: base, right: unary(), pos: t.pos };
  }
  // atom := number | name | fn '(' expr ')' | '(' expr ')'
  function atom(): Expr {
    const t = peek();
    if (t.kind === 'num') {
      k++;
      return { kind: 'num', value: t.value, text: t.text, pos: t.pos };
    }
    if (t.kind === 'ident') {
      k++;
      if (isFunction(t.name)) {
        if (!isOp('(')) throw new ParseError(`${t.name} is a function: write ${t.name}(...)`, peek().pos);
        k++;
        const arg = expr();
        expect(')', `to close ${t.name}(`);
        return { kind: 'call', fn: t.name, arg, pos: t.pos };
      }
      if (isOp('(')) throw new ParseError(`unknown function '${t.name}' (known: ${FUNCTIONS.join(', ')})`, t.pos);
      return { kind: 'var', name: t.name, pos: t.pos };
    }
    if (isOp('(')) {
      k++;
      const inner = expr();
      expect(')', `to close the '(' at column ${t.pos + 1}`);
      return inner;
    }
    throw new ParseError(`expected a number, a name or '(', found ${describeToken(t)}`, t.pos);
  }

  const tree = expr();
  const extra = peek();
  if (extra.kind !== 'end') {
    const hint = extra.kind === 'ident' || extra.kind === 'num' || (extra.kind === 'op' && extra.op === '(') ? ' (write * to multiply)' : '';
    throw new ParseError(`unexpected ${describeToken(extra)} after a complete expression${hint}`, extra.pos);
  }
  return tree;
}

/** The variable names of `e`, each once, in order of first appearance. */
export function variables(e: Expr): string[] {
  const names: string[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop() as Expr;
    if (n.kind === 'var' && !names.includes(n.name)) names.push(n.name);
    // Push right before left so the walk meets names left to right.
    if (n.kind === 'binary') stack.push(n.right, n.left);
    else if (n.kind === 'neg' || n.kind === 'call') stack.push(n.arg);
  }
  return names;
}
