import { EntityDesc, PropDesc } from './descriptor';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export function isoOf(expr: string): string {
  return `to_char(${expr} AT TIME ZONE 'UTC', ${ISO})`;
}

/** SQL that reads one property in its GraphQL wire form (decimals as exact text, ISO dates). */
export function propSelect(prop: PropDesc, alias: string): string {
  const col = `${alias}.${prop.column}`;
  switch (prop.kind) {
    case 'decimal':
      return `${col}::text`;
    case 'date':
      return `to_char(${col}, 'YYYY-MM-DD')`;
    case 'datetime':
      return isoOf(col);
    default:
      return col;
  }
}

export function selectList(desc: EntityDesc, alias = 't'): string {
  const cols = [
    `${alias}._id AS "_id"`,
    `${isoOf(`${alias}._create_stamp`)} AS "_createStamp"`,
    `${isoOf(`${alias}._update_stamp`)} AS "_updateStamp"`,
    ...(desc.parent ? [`${alias}._sort_value AS "_sortValue"`, `${alias}._parent AS "_parent"`] : []),
    ...desc.props.map((prop) => `${propSelect(prop, alias)} AS "${prop.name}"`),
  ];
  return cols.join(', ');
}

/** The Postgres type a parameter is cast to when compared with a property. */
export function sqlType(kind: PropDesc['kind']): string {
  switch (kind) {
    case 'int':
      return 'integer';
    case 'decimal':
      return 'numeric';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
