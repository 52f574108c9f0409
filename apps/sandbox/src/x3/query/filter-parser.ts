import { GraphQLError } from 'graphql';
import { dataInputError } from '../graphql/x3-errors';

// X3 passes filter and orderBy as strings holding a JSON5-like literal: unquoted keys, single
// or double quotes, trailing commas. Numbers keep their source text so decimals stay exact.

export class NumberLiteral {
  constructor(readonly text: string) {}
}

export type Literal = string | boolean | null | NumberLiteral | Literal[] | { [key: string]: Literal };

export function invalidArgument(message: string): GraphQLError {
  return dataInputError(message);
}

export function parseLiteral(source: string, what: string): Literal {
  let pos = 0;
  const fail = (message: string): never => {
    throw invalidArgument(`Invalid ${what}: ${message} at position ${pos}`);
  };
  const skip = () => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };
  const parseString = (): string => {
    const quote = source[pos++];
    let out = '';
    while (pos < source.length && source[pos] !== quote) {
      if (source[pos] === '\\') {
        const next = source[pos + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
        out += map[next] ?? next;
        pos += 2;
      } else out += source[pos++];
    }
    if (source[pos] !== quote) fail('unterminated string');
    pos++;
    return out;
  };
  const parseValue = (): Literal => {
    skip();
    const c = source[pos];
    if (c === '{') return parseObject();
    if (c === '[') return parseArray();
    if (c === "'" || c === '"') return parseString();
    const num = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(pos));
    if (num) {
      pos += num[0].length;
      return new NumberLiteral(num[0]);
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (source.startsWith(word, pos) && !/[\w$]/.test(source[pos + word.length] ?? '')) {
        pos += word.length;
        return value;
      }
    }
    return fail(`unexpected ${c === undefined ? 'end of input' : `'${c}'`}`);
  };
  const parseKey = (): string => {
    skip();
    if (source[pos] === "'" || source[pos] === '"') return parseString();
    const id = /^[A-Za-z_$][\w$]*/.exec(source.slice(pos));
    if (!id) fail('expected a property name');
    pos += id![0].length;
    return id![0];
  };
  const parseObject = (): Literal => {
    pos++;
    const out: Record<string, Literal> = {};
    skip();
    while (source[pos] !== '}') {
      const key = parseKey();
      skip();
      if (source[pos] !== ':') fail("expected ':'");
      pos++;
      out[key] = parseValue();
      skip();
      if (source[pos] === ',') pos++;
      else if (source[pos] !== '}') fail("expected ',' or '}'");
      skip();
    }
    pos++;
    return out;
  };
  const parseArray = (): Literal => {
    pos++;
    const out: Literal[] = [];
    skip();
    while (source[pos] !== ']') {
      out.push(parseValue());
      skip();
      if (source[pos] === ',') pos++;
      else if (source[pos] !== ']') fail("expected ',' or ']'");
      skip();
    }
    pos++;
    return out;
  };
  const value = parseValue();
  skip();
  if (pos < source.length) fail('unexpected trailing characters');
  return value;
}

export function isPlainObject(value: Literal): value is { [key: string]: Literal } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof NumberLiteral);
}
