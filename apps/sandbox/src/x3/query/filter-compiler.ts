import { EntityDesc } from '../model/descriptor';
import { entityByName } from '../model/catalog';
import { SqlParams, sqlType } from '../model/sql';
import { Literal, NumberLiteral, invalidArgument, isPlainObject, parseLiteral } from './filter-parser';
import { Column, columnOf } from './property-paths';
import { isIsoDate, isIsoDatetime } from './iso-values';

// Compiles X3's filter literal to SQL against the node's own table. Anything not understood is
// refused with a GraphQL error naming it: a silently ignored clause would return too much data.

const COMPARATORS: Record<string, string> = { _eq: '=', _ne: '<>', _gt: '>', _gte: '>=', _lt: '<', _lte: '<=' };
const VALUE_OPERATORS = new Set([...Object.keys(COMPARATORS), '_in', '_nin', '_regex', '_options', '_not']);
const QUANTIFIERS = new Set(['_every', '_none', '_atLeast', '_atMost']);

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Parameters of one filter, plus its `_regex` patterns: PostgreSQL only checks those when it runs them. */
export class FilterParams extends SqlParams {
  readonly patterns: Array<{ property: string; pattern: string }> = [];
}

let aliasCounter = 0;
const nextAlias = () => `f${(aliasCounter = (aliasCounter + 1) % 1_000_000)}`;

export function compileFilterString(
  desc: EntityDesc,
  filter: string | null | undefined,
  alias: string,
  params: FilterParams,
): string {
  if (filter === undefined || filter === null || filter.trim() === '') return 'TRUE';
  return compileNode(desc, parseLiteral(filter, 'filter'), alias, params);
}

function compileNode(desc: EntityDesc, value: Literal, alias: string, params: FilterParams): string {
  if (Array.isArray(value))
    return joinAll(
      value.map((item) => compileNode(desc, item, alias, params)),
      'AND',
    );
  if (!isPlainObject(value)) throw invalidArgument(`Invalid filter: expected an object on ${desc.typeName}`);
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (key === '_and' || key === '_or') {
      if (!Array.isArray(item)) throw invalidArgument(`Invalid filter: ${key} expects an array`);
      parts.push(
        joinAll(
          item.map((sub) => compileNode(desc, sub, alias, params)),
          key === '_and' ? 'AND' : 'OR',
        ),
      );
      continue;
    }
    if (key === '_not') {
      parts.push(`NOT (${compileNode(desc, item, alias, params)})`);
      continue;
    }
    const column = columnOf(desc, key, alias);
    if (column) {
      parts.push(compileProperty(desc, column, item, alias, params));
      continue;
    }
    const collection = desc.collections.find((c) => c.name === key);
    if (collection) {
      parts.push(compileCollection(entityByName(collection.entity), item, alias, params));
      continue;
    }
    throw invalidArgument(
      `Invalid filter: unknown ${key.startsWith('_') ? 'operator' : 'property'} '${key}' on ${desc.typeName}`,
    );
  }
  return joinAll(parts, 'AND');
}

function joinAll(parts: string[], op: 'AND' | 'OR'): string {
  if (parts.length === 0) return op === 'AND' ? 'TRUE' : 'FALSE';
  return `(${parts.join(` ${op} `)})`;
}

function compileProperty(
  desc: EntityDesc,
  column: Column,
  value: Literal,
  alias: string,
  params: FilterParams,
): string {
  if (!isPlainObject(value)) return comparison(column, '_eq', value, params);
  const keys = Object.keys(value);
  const isOperatorObject = keys.every((k) => VALUE_OPERATORS.has(k));
  if (isOperatorObject) return operators(column, value, params);
  if (column.kind !== 'ref') {
    const bad = keys.find((k) => !VALUE_OPERATORS.has(k));
    throw invalidArgument(`Invalid filter: unknown operator '${bad}' on ${desc.typeName}.${column.name}`);
  }
  // A reference: {_id: ...} compares the stored key; other keys filter the referenced node.
  const target = entityByName(column.prop!.ref!);
  const parts: string[] = [];
  const nested: Record<string, Literal> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '_id')
      parts.push(
        compileProperty(desc, { name: `${column.name}._id`, expr: column.expr, kind: 'string' }, v, alias, params),
      );
    else nested[k] = v;
  }
  if (Object.keys(nested).length > 0) {
    const r = nextAlias();
    const inner = compileNode(target, nested, r, params);
    parts.push(
      `${column.expr} IN (SELECT ${r}._id FROM ${target.table} ${r} WHERE ${r}.folder = ${alias}.folder AND ${inner})`,
    );
  }
  return joinAll(parts, 'AND');
}

function operators(column: Column, ops: Record<string, Literal>, params: FilterParams): string {
  const unknown = Object.keys(ops).find((op) => !VALUE_OPERATORS.has(op));
  if (unknown) throw invalidArgument(`Invalid filter: unknown operator '${unknown}' on ${column.name}`);
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    if (op === '_options') continue;
    if (op === '_not') {
      parts.push(
        `NOT (${isPlainObject(operand) ? operators(column, operand, params) : comparison(column, '_eq', operand, params)})`,
      );
    } else if (op === '_regex') {
      if (typeof operand !== 'string')
        throw invalidArgument(`Invalid filter: _regex on ${column.name} expects a string`);
      const options = ops._options;
      if (options !== undefined && (typeof options !== 'string' || !/^i?$/.test(options))) {
        throw invalidArgument("Invalid filter: _options supports only 'i'");
      }
      params.patterns.push({ property: column.name, pattern: operand });
      parts.push(`${column.expr}::text ${options === 'i' ? '~*' : '~'} ${params.add(operand)}`);
    } else parts.push(comparison(column, op, operand, params));
  }
  return joinAll(parts, 'AND');
}

function comparison(column: Column, op: string, value: Literal, params: FilterParams): string {
  if (op === '_in' || op === '_nin') {
    if (!Array.isArray(value)) throw invalidArgument(`Invalid filter: ${op} on ${column.name} expects an array`);
    const list = value.map((v) => scalar(column, v));
    const sql = `${column.expr} = ANY(${params.add(list, `${sqlType(column.kind)}[]`)})`;
    return op === '_in' ? sql : `NOT (${sql})`;
  }
  const sqlOp = COMPARATORS[op];
  if (!sqlOp) throw invalidArgument(`Invalid filter: unknown operator '${op}' on ${column.name}`);
  if (value === null) {
    if (op !== '_eq' && op !== '_ne')
      throw invalidArgument(`Invalid filter: ${op} on ${column.name} cannot compare with null`);
    const empty = ['string', 'ref', 'enum'].includes(column.kind) ? ` OR ${column.expr} = ''` : '';
    return op === '_eq' ? `(${column.expr} IS NULL${empty})` : `NOT (${column.expr} IS NULL${empty})`;
  }
  return `${column.expr} ${sqlOp} ${params.add(scalar(column, value), sqlType(column.kind))}`;
}

/** Checks a literal against the property's type; the value goes to SQL as a typed parameter. */
function scalar(column: Column, value: Literal): string | boolean {
  const fail = (expected: string): never => {
    throw invalidArgument(`Invalid filter: expected ${expected} for ${column.name}`);
  };
  switch (column.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('true or false');
    case 'int':
    case 'decimal': {
      const text = value instanceof NumberLiteral ? value.text : typeof value === 'string' ? value : fail('a number');
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail('a number');
      if (column.kind === 'int' && (!/^-?\d+$/.test(text) || Number(text) < INT_MIN || Number(text) > INT_MAX))
        fail(`an integer from ${INT_MIN} to ${INT_MAX}`);
      return text;
    }
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? value : fail('a date YYYY-MM-DD');
    case 'datetime':
      return typeof value === 'string' && isIsoDatetime(value) ? value : fail('an ISO datetime');
    case 'enum':
      if (typeof value !== 'string' || !column.enumValues!.includes(value))
        fail(`one of ${column.enumValues!.join(', ')}`);
      return value as string;
    default:
      return typeof value === 'string' ? value : fail('a string');
  }
}

function compileCollection(lineDesc: EntityDesc, value: Literal, alias: string, params: FilterParams): string {
  if (!isPlainObject(value)) throw invalidArgument(`Invalid filter: collection ${lineDesc.typeName} expects an object`);
  const quantifiers = Object.keys(value).filter((k) => QUANTIFIERS.has(k));
  if (quantifiers.length !== 1) {
    throw invalidArgument(`Invalid filter: a collection filter needs exactly one of ${[...QUANTIFIERS].join(', ')}`);
  }
  const quantifier = quantifiers[0];
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== quantifier));
  const l = nextAlias();
  const cond = compileNode(lineDesc, rest, l, params);
  const scope = `FROM ${lineDesc.table} ${l} WHERE ${l}.folder = ${alias}.folder AND ${l}._parent = ${alias}._id`;
  const q = value[quantifier];
  if (quantifier === '_every' || quantifier === '_none') {
    if (q !== true) throw invalidArgument(`Invalid filter: ${quantifier} expects true`);
    return quantifier === '_every'
      ? `NOT EXISTS (SELECT 1 ${scope} AND NOT ${cond})`
      : `NOT EXISTS (SELECT 1 ${scope} AND ${cond})`;
  }
  if (!(q instanceof NumberLiteral) || !/^\d+$/.test(q.text) || Number(q.text) > INT_MAX)
    throw invalidArgument(`Invalid filter: ${quantifier} expects an integer from 0 to ${INT_MAX}`);
  return `(SELECT count(*) ${scope} AND ${cond}) ${quantifier === '_atLeast' ? '>=' : '<='} ${params.add(q.text, 'integer')}`;
}
