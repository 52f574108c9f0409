import { badRequest } from '../core/xero-errors';
import { parseDateInput } from '../core/ms-date';
import { WireRecord, recordOf, text } from '../core/json';

// Xero's `where` language, the part clients use: comparisons (== != > >= < <=) on fields and
// nested fields, GUID("…"), DateTime(y,m,d[,h,m,s]), strings, numbers, true/false/null,
// .Contains/.StartsWith/.EndsWith("…"), AND/OR/&&/||, NOT/!, parentheses.

type Value = string | number | boolean | null | { ms: number } | { guid: string };
type Node =
  | { op: 'and' | 'or'; left: Node; right: Node }
  | { op: 'not'; inner: Node }
  | { op: 'cmp'; field: string; cmp: string; value: Value }
  | { op: 'call'; field: string; fn: string; arg: string };

const TOKEN = /\s*(&&|\|\||==|!=|>=|<=|>|<|\(|\)|,|!|"(?:[^"\\]|\\.)*"|[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?)/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m)
      throw badRequest(
        `The where clause could not be parsed near '${src.slice(TOKEN.lastIndex, TOKEN.lastIndex + 20)}'`,
      );
    out.push(m[1]);
  }
  return out;
}

export function parseWhere(src: string): { node: Node; fields: string[] } {
  const tokens = tokenize(src);
  const fields: string[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw badRequest(`The where clause is malformed: expected '${t}'`);
  };
  const literal = (): Value => {
    const t = next();
    if (t === undefined) throw badRequest('The where clause ends too early');
    if (t.startsWith('"')) return JSON.parse(t) as string;
    if (/^-?\d/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (t === 'GUID' || t === 'Guid') {
      expect('(');
      const g = JSON.parse(next()) as string;
      expect(')');
      return { guid: g.toLowerCase() };
    }
    if (t === 'DateTime') {
      expect('(');
      const parts: number[] = [];
      while (peek() !== ')') {
        const p = next();
        if (p !== ',') parts.push(Number(p));
      }
      expect(')');
      const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
      return { ms: Date.UTC(y, mo - 1, d, h, mi, s) };
    }
    throw badRequest(`The where clause has an unexpected '${t}'`);
  };
  const primary = (): Node => {
    const t = peek();
    if (t === '(') {
      next();
      const n = or();
      expect(')');
      return n;
    }
    if (t === '!' || t === 'NOT' || t === 'not') {
      next();
      return { op: 'not', inner: primary() };
    }
    const path = next();
    if (!path || !/^[A-Za-z_]/.test(path)) throw badRequest('The where clause is malformed');
    const call = /^(.*)\.(Contains|StartsWith|EndsWith|ToLower|ToUpper)$/.exec(path);
    if (call && peek() === '(') {
      next();
      const arg = peek() === ')' ? '' : (JSON.parse(next()) as string);
      expect(')');
      fields.push(call[1]);
      return { op: 'call', field: call[1], fn: call[2], arg };
    }
    const cmp = next();
    if (!['==', '!=', '>', '>=', '<', '<='].includes(cmp))
      throw badRequest(`The where clause has an unknown operator '${cmp}'`);
    fields.push(path);
    return { op: 'cmp', field: path, cmp, value: literal() };
  };
  const and = (): Node => {
    let left = primary();
    while (['AND', 'and', '&&'].includes(peek())) {
      next();
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (['OR', 'or', '||'].includes(peek())) {
      next();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const node = or();
  if (i < tokens.length) throw badRequest(`The where clause has unexpected '${tokens[i]}'`);
  return { node, fields };
}

export function fieldValue(doc: WireRecord, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => recordOf(v)?.[k], doc);
}

function comparable(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const ms = /^\/Date\(/.test(v) ? parseDateInput(v) : undefined;
    return ms !== undefined && !Number.isNaN(ms) ? ms : v.toLowerCase();
  }
  return v as number | boolean;
}

function literalValue(v: Value): string | number | boolean | null {
  if (v && typeof v === 'object') return 'ms' in v ? v.ms : v.guid;
  return typeof v === 'string' ? v.toLowerCase() : v;
}

export function evaluate(node: Node, doc: WireRecord): boolean {
  switch (node.op) {
    case 'and':
      return evaluate(node.left, doc) && evaluate(node.right, doc);
    case 'or':
      return evaluate(node.left, doc) || evaluate(node.right, doc);
    case 'not':
      return !evaluate(node.inner, doc);
    case 'call': {
      const v = (text(fieldValue(doc, node.field)) ?? '').toLowerCase();
      const a = node.arg.toLowerCase();
      return node.fn === 'Contains'
        ? v.includes(a)
        : node.fn === 'StartsWith'
          ? v.startsWith(a)
          : node.fn === 'EndsWith'
            ? v.endsWith(a)
            : true;
    }
    case 'cmp': {
      const left = comparable(fieldValue(doc, node.field));
      const right = literalValue(node.value);
      switch (node.cmp) {
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case '>':
          return left !== null && right !== null && left > right;
        case '>=':
          return left !== null && right !== null && left >= right;
        case '<':
          return left !== null && right !== null && left < right;
        default:
          return left !== null && right !== null && left <= right;
      }
    }
  }
}
