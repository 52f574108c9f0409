import { EntityDesc } from '../model/descriptor';
import { entityByName } from '../model/catalog';
import { sqlType } from '../model/sql';
import { Literal, NumberLiteral, invalidArgument, isPlainObject, parseLiteral } from './filter-parser';
import { columnOf } from './property-paths';

export interface SortKey {
  expr: string;
  castType: string;
  direction: 1 | -1;
  /** Through a reference (no referenced record) or an empty date: such keys sort as the smallest value. */
  nullable: boolean;
}

/** orderBy "{purchaseSite:{_id:-1},_id:-1}": 1 ascending, -1 descending; `_id` is always the last tie-breaker. */
export function compileOrderBy(desc: EntityDesc, orderBy: string | null | undefined, alias: string): SortKey[] {
  const keys: SortKey[] = [];
  if (orderBy && orderBy.trim() !== '') {
    const literal = parseLiteral(orderBy, 'orderBy');
    if (!isPlainObject(literal)) throw invalidArgument('Invalid orderBy: expected an object');
    collect(desc, literal, alias, alias, keys);
  } else if (desc.parent) {
    keys.push({ expr: `${alias}._sort_value`, castType: 'integer', direction: 1, nullable: false });
  }
  if (!keys.some((k) => k.expr === `${alias}._id`))
    keys.push({ expr: `${alias}._id`, castType: 'text', direction: 1, nullable: false });
  return keys;
}

function direction(value: Literal, where: string): 1 | -1 {
  if (value instanceof NumberLiteral && (value.text === '1' || value.text === '-1')) return value.text === '1' ? 1 : -1;
  throw invalidArgument(`Invalid orderBy: ${where} expects 1 or -1`);
}

function collect(
  desc: EntityDesc,
  literal: Record<string, Literal>,
  rowAlias: string,
  expr: string,
  keys: SortKey[],
): void {
  for (const [name, value] of Object.entries(literal)) {
    const column = columnOf(desc, name, 'x');
    if (!column) throw invalidArgument(`Invalid orderBy: unknown property '${name}' on ${desc.typeName}`);
    const own = column.expr.replace(/^x\./, '');
    // Properties of a referenced node are reached through a correlated sub-select.
    const ownTable = expr === rowAlias;
    const sql = ownTable
      ? `${rowAlias}.${own}`
      : `(SELECT r.${own} FROM ${desc.table} r WHERE r.folder = ${rowAlias}.folder AND r._id = ${expr})`;
    if (isPlainObject(value)) {
      if (column.kind !== 'ref') throw invalidArgument(`Invalid orderBy: ${name} is not a reference`);
      const nested = Object.entries(value);
      if (nested.length === 1 && nested[0][0] === '_id') {
        const keyDirection = direction(nested[0][1], `${name}._id`);
        keys.push({ expr: sql, castType: 'text', direction: keyDirection, nullable: !ownTable });
      } else collect(entityByName(column.prop!.ref!), value, rowAlias, sql, keys);
    } else {
      const nullable = !ownTable || column.kind === 'date' || column.kind === 'datetime';
      keys.push({ expr: sql, castType: sqlType(column.kind), direction: direction(value, name), nullable });
    }
  }
}
