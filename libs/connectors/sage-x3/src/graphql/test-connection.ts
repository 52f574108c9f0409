import { X3Error } from '../errors/x3-errors';
import { X3ConnectionReport } from '../x3-transport';
import { X3GraphqlClient } from './graphql-client';
import { X3_ENTITIES, X3EntityName } from './x3-entities';

const INTROSPECTION = `{ __schema { queryType { fields { name type { name ofType { name } } } } types { name } } }`;

/** The parts of the introspection answer this report reads. */
interface Introspection {
  __schema: { queryType: { fields: Array<{ name: string }> }; types: Array<{ name: string }> };
}

interface CompanyNode {
  _id: string;
  name: string;
  accountingCurrency?: { _id: string } | null;
}

/** The companies, and each counted entity under its own name: `{ node: { query: { totalCount } } }`. */
interface CountsAnswer {
  companies: { company: { query: { edges: Array<{ node: CompanyNode }> } } };
  [entity: string]: unknown;
}
type CountOf = Record<string, { query: { totalCount: number } }>;

/** "Test connection": what the folder exposes (groups, types, companies, record counts) or the exact error. */
export async function testConnection(client: X3GraphqlClient, endpoint: string): Promise<X3ConnectionReport> {
  try {
    const schema = await client.request<Introspection>({ query: INTROSPECTION });
    const groups = schema.__schema.queryType.fields.map((f) => f.name).filter((n) => n.startsWith('x3'));
    const types = new Set(schema.__schema.types.map((t) => t.name));
    const needed = Object.values(X3_ENTITIES).map((spec) => spec.typeName);
    const missingTypes = needed.filter((name) => !types.has(name));
    const available = (Object.keys(X3_ENTITIES) as X3EntityName[]).filter(
      (e) => types.has(X3_ENTITIES[e].typeName) && groups.includes(X3_ENTITIES[e].group),
    );
    const countFields = available.map(
      (e) => `${e}: ${X3_ENTITIES[e].group} { ${X3_ENTITIES[e].node} { query(first: 0) { totalCount } } }`,
    );
    const data = await client.request<CountsAnswer>({
      query: `{ companies: x3MasterData { company { query(first: 100) { edges { node { _id name accountingCurrency { _id } } } } } } ${countFields.join(' ')} }`,
    });
    const counts: Partial<Record<X3EntityName, number>> = {};
    for (const e of available) counts[e] = (data[e] as CountOf)[X3_ENTITIES[e].node].query.totalCount;
    const companies = data.companies.company.query.edges.map((edge) => ({
      code: edge.node._id,
      name: edge.node.name,
      currency: edge.node.accountingCurrency?._id ?? '',
    }));
    return {
      ok: missingTypes.length === 0,
      endpoint,
      groups,
      types: needed.filter((n) => types.has(n)),
      missingTypes,
      companies,
      counts,
    };
  } catch (error) {
    const e = error as Error;
    return {
      ok: false,
      endpoint,
      error: { class: e.name, kind: error instanceof X3Error ? error.kind : 'unexpected', message: e.message },
    };
  }
}
