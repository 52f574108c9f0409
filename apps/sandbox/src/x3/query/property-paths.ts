import { EntityDesc, PropDesc } from '../model/descriptor';

export interface Column {
  /** The GraphQL property name: what messages show (never the SQL column). */
  name: string;
  expr: string;
  kind: PropDesc['kind'];
  prop?: PropDesc;
  enumValues?: string[];
}

/** A node's filterable scalar: its own properties plus the system ones every node has. */
export function columnOf(desc: EntityDesc, name: string, alias: string): Column | undefined {
  if (name === '_id') return { name, expr: `${alias}._id`, kind: 'string' };
  if (name === '_createStamp') return { name, expr: `${alias}._create_stamp`, kind: 'datetime' };
  if (name === '_updateStamp') return { name, expr: `${alias}._update_stamp`, kind: 'datetime' };
  if (name === '_sortValue' && desc.parent) return { name, expr: `${alias}._sort_value`, kind: 'int' };
  const prop = desc.props.find((candidate) => candidate.name === name);
  if (!prop) return undefined;
  return { name, expr: `${alias}.${prop.column}`, kind: prop.kind, prop, enumValues: prop.enumValues };
}
