import { X3EntityName } from './graphql/x3-entities';
import { quote } from './graphql/x3-entity-spec';
import { X3Record } from './graphql/x3-record';
import { X3Transport } from './x3-transport';

/** Keys per list call: one page of headers (documents page themselves down by their line counts). */
export const READ_BY_IDS_CHUNK = 50;

/**
 * Records by key through `list` (`{_id:{_in:[…]}}`), one call per 50 keys instead of one `read`
 * each: the drain re-reads a claim's records from X3, and 50 reads one after another took ~10 s of
 * every 50 customers in the initial-load bench. The records are the ones `get` returns (same
 * selection, lines completed). A key X3 does not return — gone, or outside the transport's company
 * scope — is absent from the map: the caller reads it with `get`, which says which.
 */
export async function readByIds(x3: X3Transport, entity: X3EntityName, ids: string[]): Promise<Map<string, X3Record>> {
  const found = new Map<string, X3Record>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += READ_BY_IDS_CHUNK) {
    const chunk = unique.slice(i, i + READ_BY_IDS_CHUNK);
    const filter = `{_id:{_in:[${chunk.map(quote).join(',')}]}}`;
    for await (const record of x3.list(entity, { filter, pageSize: READ_BY_IDS_CHUNK })) found.set(record._id, record);
  }
  return found;
}
