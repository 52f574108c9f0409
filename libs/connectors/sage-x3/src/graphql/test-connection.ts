import { X3Error } from '../errors/x3-errors';
import { X3ConnectionReport } from '../x3-transport';
import { X3GraphqlClient } from './graphql-client';
import { X3_ENTITIES, X3EntityName } from './x3-entities';

const INTROSPECTION = `{ __schema { queryType { fields { name type { name ofType { name } } } } types { name } } }`;

/** "Test connection": what the folder exposes (groups, types, companies, record counts) or the exact error. */
export async function testConnection(client: X3GraphqlClient, endpoint: string): Promise<X3ConnectionReport> {
  try {
    const schema: any = await client.request({ query: INTROSPECTION });
    const groups: string[] = schema.__schema.queryType.fields
      .map((f: { name: string }) => f.name)
      .filter((n: string) => n.startsWith('x3'));
    const types = new Set<string>(schema.__schema.types.map((t: { name: string }) => t.name));
    const needed = Object.values(X3_ENTITIES).map((spec) => spec.typeName);
    const missingTypes = needed.filter((name) => !types.has(name));
    const available = (Object.keys(X3_ENTITIES) as X3EntityName[]).filter(
      (e) => types.has(X3_ENTITIES[e].typeName) && groups.includes(X3_ENTITIES[e].group),
    );
    const countFields = available.map(
      (e) => `${e}: ${X3_ENTITIES[e].group} { ${X3_ENTITIES[e].node} { query(first: 0) { totalCount } } }`,
    );
    const data: any = await client.request({
      query: `{ companies: x3MasterData { company { query(first: 100) { edges { node { _id name accountingCurrency { _id } } } } } } ${countFields.join(' ')} }`,
    });
    const counts: Partial<Record<X3EntityName, number>> = {};
    for (const e of available) counts[e] = data[e][X3_ENTITIES[e].node].query.totalCount;
    const companies = data.companies.company.query.edges.map((edge: any) => ({
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
