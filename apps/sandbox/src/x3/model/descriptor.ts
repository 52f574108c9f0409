// Describes an X3 node once: the table that stores it, the GraphQL type that exposes it and the
// filter/orderBy vocabulary all derive from this, so the three cannot drift apart.

export type PropKind = 'string' | 'int' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'enum' | 'ref';

export interface PropDesc {
  name: string;
  /** X3 field code, shown in the GraphQL description as X3 does: "Code (BPCNUM)". */
  code: string;
  label: string;
  kind: PropKind;
  column: string;
  ref?: string;
  enumName?: string;
  enumValues?: string[];
  /** Part of `X_Input` (server-computed properties such as totals and statuses are not). */
  writable: boolean;
  required: boolean;
  /** Column default (SQL literal) for rows written without the property, old rows included. */
  defaultValue?: string;
}

export interface CollectionDesc {
  name: string;
  entity: string;
  /** Computed by X3 (a document's tax footer): shown, never part of `X_Input`. */
  readOnly?: boolean;
}

export interface EntityDesc {
  name: string;
  typeName: string;
  group: string;
  table: string;
  /** X3 key field code of `_id` (BPCNUM, SOHNUM, ...). */
  keyCode: string;
  props: PropDesc[];
  collections: CollectionDesc[];
  /** Set on line nodes: the entity that owns them. */
  parent?: string;
  /** Whether `create` / `update` mutations are offered. */
  mutations: { create: boolean; update: boolean };
  /** Extra input-only fields (name → GraphQL input type name, list). */
  extraInputs?: Record<string, string>;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/[0-9]+/g, (d) => `_${d}`);
}

type PropOptions = { writable?: boolean; required?: boolean; defaultValue?: string };

function prop(kind: PropKind, name: string, label: string, code: string, options: PropOptions = {}): PropDesc {
  return {
    name,
    code,
    label,
    kind,
    column: snake(name),
    writable: options.writable ?? true,
    required: options.required ?? false,
    defaultValue: options.defaultValue,
  };
}

export const p = {
  str: (n: string, l: string, c: string, o?: PropOptions) => prop('string', n, l, c, o),
  int: (n: string, l: string, c: string, o?: PropOptions) => prop('int', n, l, c, o),
  dec: (n: string, l: string, c: string, o?: PropOptions) => prop('decimal', n, l, c, o),
  date: (n: string, l: string, c: string, o?: PropOptions) => prop('date', n, l, c, o),
  datetime: (n: string, l: string, c: string, o?: PropOptions) => prop('datetime', n, l, c, o),
  bool: (n: string, l: string, c: string, o?: PropOptions) => prop('boolean', n, l, c, o),
  ref: (n: string, l: string, c: string, entity: string, o?: PropOptions) => ({
    ...prop('ref', n, l, c, o),
    ref: entity,
  }),
  enum: (n: string, l: string, c: string, enumName: string, values: string[], o?: PropOptions) => ({
    ...prop('enum', n, l, c, o),
    enumName,
    enumValues: values,
  }),
};

export function entity(
  def: Omit<EntityDesc, 'collections' | 'mutations' | 'table'> & Partial<Pick<EntityDesc, 'collections' | 'mutations'>>,
): EntityDesc {
  return {
    collections: [],
    mutations: { create: false, update: false },
    table: `x3_${snake(def.name)}`,
    ...def,
  };
}
