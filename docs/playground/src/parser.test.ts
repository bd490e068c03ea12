import { describe, expect, it } from 'vitest';
import { ParseError, parse, tokenize, variables, type Expr } from './parser.js';

/** Prints a tree fully parenthesised, so precedence and associativity are visible in one string. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return e.text;
    case 'var':
      return e.name;
    case 'neg':
      return `(-${show(e.arg)})`;
    case 'call':
      return `${e.fn}(${show(e.arg)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

/** The ParseError `src` throws (failing the test when it parses). */
function parseError(src: string): ParseError {
  try {
    parse(src);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error(`expected '${src}' not to parse`);
}

describe('parse', () => {
  it.each([
    ['a*b + tanh(c) - relu(d)/2', '(((a mul b) add tanh(c)) sub (relu(d) div 2))'],
    ['1 + 2 * 3', '(1 add (2 mul 3))'],
    ['(1 + 2) * 3', '((1 add 2) mul 3)'],
    ['a - b - c', '((a sub b) sub c)'],
    ['a / b / c', '((a div b) div c)'],
    ['2^3^2', '(2 pow (3 pow 2))'],
    ['2**3', '(2 pow 3)'],
    ['-a^2', '(-(a pow 2))'],
    ['2^-1', '(2 pow (-1))'],
    ['--x', '(-(-x))'],
    ['+x * 2', '(x mul 2)'],
    ['a * -b', '(a mul (-b))'],
    ['sigmoid(exp(log(x)))', 'sigmoid(exp(log(x)))'],
    ['x_1 + .5 + 1.5e-3 + 2E2', '(((x_1 add .5) add 1.5e-3) add 2E2)'],
    ['  w1*x1  ', '(w1 mul x1)'],
  ])('%s', (src, tree) => {
    expect(show(parse(src))).toBe(tree);
  });

  it('reads numbers as numbers and keeps their text', () => {
    const e = parse('1.5e-3');
    expect(e).toEqual({ kind: 'num', value: 0.0015, text: '1.5e-3', pos: 0 });
  });

  it('records where each operator and name sits', () => {
    const e = parse('ab + tanh(c)');
    expect(e.kind === 'binary' && [e.pos, e.left.pos, e.right.pos]).toEqual([3, 0, 5]);
  });
});

describe('parse errors name the problem and point at it', () => {
  it.each([
    ['a +', 3, 'expected a number, a name or \'(\', found the end of the expression'],
    ['a + * b', 4, "found '*'"],
    ['tanh(a', 6, "expected ')' to close tanh("],
    ['(a + b', 6, "expected ')' to close the '(' at column 1"],
    ['a + b)', 5, "unexpected ')' after a complete expression"],
    ['2a', 1, "unexpected 'a' after a complete expression (write * to multiply)"],
    ['a $ b', 2, "unexpected character '$'"],
    ['sin(x)', 0, "unknown function 'sin' (known: tanh, sigmoid, relu, exp, log)"],
    ['relu + 1', 5, 'relu is a function: write relu(...)'],
    ['', 0, 'found the end of the expression'],
    ['()', 1, "found ')'"],
  ])('%j', (src, pos, message) => {
    const err = parseError(src);
    expect(err.pos).toBe(pos);
    expect(err.message).toContain(message);
  });
});

describe('tokenize and variables', () => {
  it('ends every token list with an end token at the source length', () => {
    expect(tokenize('a ').at(-1)).toEqual({ kind: 'end', pos: 2 });
  });

  it('lists each variable once, in order of first appearance, and never a function name', () => {
    expect(variables(parse('b*a + tanh(c) - a/b + relu(d)'))).toEqual(['b', 'a', 'c', 'd']);
    expect(variables(parse('2 + 3'))).toEqual([]);
  });
});
