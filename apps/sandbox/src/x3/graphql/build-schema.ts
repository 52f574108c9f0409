import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
  GraphQLString,
  Kind,
} from 'graphql';
import { EntityDesc, PropDesc } from '../model/descriptor';
import { ENTITIES, GROUPS, GROUP_ALIASES, entityByName } from '../model/catalog';
import { ENUMS } from '../model/enums';
import { PageArgs, Row, queryPage, readOne } from '../query/page-query';
import { DateScalar, DatetimeScalar, DecimalScalar, IdScalar, IntegerScalar } from './scalars';
import { X3Context } from './context';

// Builds the xtrem-style schema from the node descriptors: groups (x3Sales...) hold node
// operations (query/read), mutation groups hold create/update and document actions.

const ACTIONS: Record<string, string[]> = {
  salesOrder: ['close'],
  salesDelivery: ['validate'],
  salesInvoice: ['post'],
  purchaseInvoice: ['validate'],
  journalEntry: ['validate'],
};

const enums = new Map(
  Object.entries(ENUMS).map(([name, values]) => [
    name,
    new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }),
  ]),
);

const pageInfoType = new GraphQLObjectType({
  name: 'PageInfo',
  fields: {
    hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
    hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
    startCursor: { type: GraphQLString },
    endCursor: { type: GraphQLString },
  },
});

const queryArgs = {
  first: { type: GraphQLInt },
  after: { type: GraphQLString },
  last: { type: GraphQLInt },
  before: { type: GraphQLString },
  filter: { type: GraphQLString },
  orderBy: { type: GraphQLString },
};

const objectTypes = new Map<string, GraphQLObjectType>();
const connectionTypes = new Map<string, GraphQLObjectType>();
const inputTypes = new Map<string, GraphQLInputObjectType>();

function describe(prop: PropDesc): string {
  return `${prop.label} (${prop.code})`;
}

function scalarOutput(prop: PropDesc): GraphQLOutputType {
  switch (prop.kind) {
    case 'int':
      return GraphQLInt;
    case 'decimal':
      return DecimalScalar;
    case 'date':
      return DateScalar;
    case 'datetime':
      return DatetimeScalar;
    case 'boolean':
      return GraphQLBoolean;
    case 'enum':
      return enums.get(prop.enumName!)!;
    default:
      return GraphQLString;
  }
}

/** A reference whose selection is only `_id` needs no lookup. */
function onlyId(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every(
      (s) => s.kind === Kind.FIELD && (s.name.value === '_id' || s.name.value === '__typename'),
    ),
  );
}

function objectType(desc: EntityDesc): GraphQLObjectType {
  const existing = objectTypes.get(desc.name);
  if (existing) return existing;
  const type = new GraphQLObjectType({
    name: desc.typeName,
    fields: () => {
      const fields: GraphQLFieldConfigMap<Row, X3Context> = {
        _id: { type: new GraphQLNonNull(IdScalar), description: `Key (${desc.keyCode})` },
        _createStamp: { type: DatetimeScalar, description: 'Creation stamp (CREDATTIM)' },
        _updateStamp: { type: DatetimeScalar, description: 'Update stamp (UPDDATTIM)' },
      };
      if (desc.parent) fields._sortValue = { type: GraphQLInt, description: 'Sort value' };
      for (const prop of desc.props) {
        if (prop.kind === 'ref') {
          const target = entityByName(prop.ref!);
          fields[prop.name] = {
            type: objectType(target),
            description: describe(prop),
            resolve: (row, _args, ctx, info) => {
              const id = row[prop.name] as string;
              if (!id) return null;
              return onlyId(info) ? { _id: id } : ctx.loader.load(target.name, id);
            },
          };
        } else fields[prop.name] = { type: scalarOutput(prop), description: describe(prop) };
      }
      for (const collection of desc.collections) {
        const line = entityByName(collection.entity);
        fields[collection.name] = {
          type: new GraphQLNonNull(collectionType(line)),
          resolve: (row) => ({ parentId: row._id }),
        };
      }
      return fields;
    },
  });
  objectTypes.set(desc.name, type);
  return type;
}

function connectionType(desc: EntityDesc): GraphQLObjectType {
  const existing = connectionTypes.get(desc.name);
  if (existing) return existing;
  const edge = new GraphQLObjectType({
    name: `${desc.typeName}_Edge`,
    fields: () => ({
      node: { type: new GraphQLNonNull(objectType(desc)) },
      cursor: { type: new GraphQLNonNull(GraphQLString) },
    }),
  });
  const type = new GraphQLObjectType({
    name: `${desc.typeName}_Connection`,
    fields: () => ({
      edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))) },
      pageInfo: { type: new GraphQLNonNull(pageInfoType) },
      totalCount: {
        type: new GraphQLNonNull(GraphQLInt),
        resolve: (page: { totalCount: () => Promise<number> }) => page.totalCount(),
      },
    }),
  });
  connectionTypes.set(desc.name, type);
  return type;
}

function collectionType(line: EntityDesc): GraphQLObjectType {
  return new GraphQLObjectType<{ parentId: string }, X3Context>({
    name: `${line.typeName}_Collection`,
    fields: {
      query: {
        type: new GraphQLNonNull(connectionType(line)),
        args: queryArgs,
        resolve: (source, args: PageArgs, ctx) => queryPage(ctx.db, ctx.folder, line, args, source.parentId),
      },
    },
  });
}

const stockDetailInput = new GraphQLInputObjectType({
  name: 'PurchaseReceiptStockDetail_Input',
  fields: {
    status: { type: GraphQLString, description: 'Status (STA)' },
    packingUnit: { type: GraphQLString, description: 'Packing unit (PCU)' },
    quantityInPackingUnit: { type: DecimalScalar, description: 'Quantity (QTYPCU)' },
    location: { type: GraphQLString, description: 'Location (LOC)' },
    lot: { type: GraphQLString, description: 'Lot (LOT)' },
  },
});

function scalarInput(prop: PropDesc): GraphQLInputType {
  if (prop.kind === 'ref') return IdScalar;
  if (prop.kind === 'int') return IntegerScalar;
  return scalarOutput(prop) as GraphQLInputType;
}

function inputType(desc: EntityDesc): GraphQLInputObjectType {
  const existing = inputTypes.get(desc.name);
  if (existing) return existing;
  const type = new GraphQLInputObjectType({
    name: `${desc.typeName}_Input`,
    fields: () => {
      const fields: Record<string, { type: GraphQLInputType; description?: string }> = { _id: { type: IdScalar } };
      for (const prop of desc.props.filter((candidate) => candidate.writable || candidate.name === 'lineNumber')) {
        fields[prop.name] = { type: scalarInput(prop), description: describe(prop) };
      }
      for (const collection of desc.collections.filter((c) => !c.readOnly)) {
        fields[collection.name] = {
          type: new GraphQLList(new GraphQLNonNull(inputType(entityByName(collection.entity)))),
        };
      }
      for (const name of Object.keys(desc.extraInputs ?? {}))
        fields[name] = { type: new GraphQLList(stockDetailInput) };
      return fields;
    },
  });
  inputTypes.set(desc.name, type);
  return type;
}

function operationsType(desc: EntityDesc): GraphQLObjectType {
  return new GraphQLObjectType<unknown, X3Context>({
    name: `${desc.typeName}_Operations`,
    fields: {
      query: {
        type: new GraphQLNonNull(connectionType(desc)),
        args: queryArgs,
        resolve: (_source, args: PageArgs, ctx) => queryPage(ctx.db, ctx.folder, desc, args),
      },
      read: {
        type: objectType(desc),
        args: { _id: { type: new GraphQLNonNull(IdScalar) } },
        resolve: (_source, args: { _id: string }, ctx) => readOne(ctx.db, ctx.folder, desc, args._id),
      },
    },
  });
}

function mutationsType(desc: EntityDesc): GraphQLObjectType | undefined {
  const fields: GraphQLFieldConfigMap<unknown, X3Context> = {};
  const reread = async (ctx: X3Context, id: string) => readOne(ctx.db, ctx.folder, desc, id);
  if (desc.mutations.create) {
    fields.create = {
      type: objectType(desc),
      args: { data: { type: new GraphQLNonNull(inputType(desc)) } },
      resolve: async (_s, args: { data: Record<string, unknown> }, ctx) =>
        reread(ctx, await ctx.mutations.create(ctx.folder, desc.name, args.data, ctx.user)),
    };
  }
  if (desc.mutations.update) {
    fields.update = {
      type: objectType(desc),
      args: { _id: { type: IdScalar }, data: { type: new GraphQLNonNull(inputType(desc)) } },
      resolve: async (_s, args: { _id?: string; data: Record<string, unknown> }, ctx) => {
        const id = args._id ?? (args.data._id as string | undefined);
        if (!id) throw new Error('update: _id is mandatory');
        return reread(ctx, await ctx.mutations.update(ctx.folder, desc.name, id, args.data, ctx.user));
      },
    };
  }
  for (const action of ACTIONS[desc.name] ?? []) {
    fields[action] = {
      type: objectType(desc),
      args: { _id: { type: new GraphQLNonNull(IdScalar) } },
      resolve: async (_s, args: { _id: string }, ctx) =>
        reread(ctx, await ctx.mutations.action(ctx.folder, desc.name, action, args._id, ctx.user)),
    };
  }
  if (Object.keys(fields).length === 0) return undefined;
  return new GraphQLObjectType({ name: `${desc.typeName}_Mutations`, fields });
}

function groupTypeName(group: string, suffix: string): string {
  return `${group[0].toUpperCase()}${group.slice(1)}${suffix}`;
}

export function buildX3Schema(): GraphQLSchema {
  const queryFields: GraphQLFieldConfigMap<unknown, X3Context> = {};
  const mutationFields: GraphQLFieldConfigMap<unknown, X3Context> = {};
  for (const group of GROUPS) {
    const nodes = ENTITIES.filter((e) => e.group === group && !e.parent);
    const queryGroup = new GraphQLObjectType({
      name: groupTypeName(group, ''),
      fields: Object.fromEntries(
        nodes.map((n) => [n.name, { type: new GraphQLNonNull(operationsType(n)), resolve: () => ({}) }]),
      ),
    });
    const mutationEntries = nodes.map((n) => [n.name, mutationsType(n)] as const).filter(([, t]) => t !== undefined);
    queryFields[group] = { type: new GraphQLNonNull(queryGroup), resolve: () => ({}) };
    if (mutationEntries.length > 0) {
      const mutationGroup = new GraphQLObjectType({
        name: groupTypeName(group, '_Mutations'),
        fields: Object.fromEntries(
          mutationEntries.map(([name, t]) => [name, { type: new GraphQLNonNull(t!), resolve: () => ({}) }]),
        ),
      });
      mutationFields[group] = { type: new GraphQLNonNull(mutationGroup), resolve: () => ({}) };
    }
  }
  for (const [alias, group] of Object.entries(GROUP_ALIASES)) {
    queryFields[alias] = { ...queryFields[group], deprecationReason: `Use ${group}` };
    if (mutationFields[group]) mutationFields[alias] = { ...mutationFields[group], deprecationReason: `Use ${group}` };
  }
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: queryFields }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutationFields }),
  });
}
