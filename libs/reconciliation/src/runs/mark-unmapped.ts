// A record missing in Xero whose change waits for a mapping entry (an account, tax code or party
// the mapping has no line for) is "unmapped": adding the entry is its fix, not a resend. The fix
// names the entry (mapping, table, key and the value fields it needs), so an admin can approve
// it with the value and the sync adds it as a new mapping version (fixes/add-mapping.ts).
import { EntityManager } from 'typeorm';
import { LOOKUP_VALUE_FIELDS, LookupKind } from '#lb/mapping';
import type { Classified, MissingLookupEntry } from './classify';
import type { ReconRun } from './recon-run.entity';

interface Unmappable extends Classified {
  x3: Array<{ recordKey: string }>;
}

interface Wait {
  key: string;
  waitingOn: string;
  entity: string;
  direction: MissingLookupEntry['direction'];
}

/** The value fields of each lookup table of the mappings named (table kind → LOOKUP_VALUE_FIELDS). */
async function valueFieldsOf(
  m: EntityManager,
  integrationId: string,
  mappings: Array<Pick<Wait, 'entity' | 'direction'>>,
): Promise<Map<string, string[]>> {
  const rows = await m.query<Array<{ entity: string; direction: string; name: string; kind: LookupKind }>>(
    `SELECT h.entity, h.direction, t->>'name' AS name, t->>'kind' AS kind
     FROM mapping_heads h JOIN mapping_versions v ON v.id = h.active_version_id,
          jsonb_array_elements(COALESCE(v.document->'lookups', '[]'::jsonb)) t
     WHERE h.integration_id = $1 AND (h.entity, h.direction) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [integrationId, mappings.map((w) => w.entity), mappings.map((w) => w.direction)],
  );
  return new Map(rows.map((r) => [`${r.entity}|${r.direction}|${r.name}`, [...(LOOKUP_VALUE_FIELDS[r.kind] ?? [])]]));
}

export async function markUnmapped(m: EntityManager, run: ReconRun, found: Unmappable[]): Promise<void> {
  const missing = found.filter((f) => f.differenceClass === 'missingInXero');
  if (!missing.length) return;
  const waits = await m.query<Wait[]>(
    `SELECT DISTINCT ON (source_key) source_key AS key, waiting_on AS "waitingOn", entity, direction
     FROM sync_pending_changes
     WHERE integration_id = $1 AND state = 'waiting' AND waiting_on LIKE 'mapping:%' AND source_key = ANY($2)`,
    [run.integrationId, missing.map((f) => f.x3[0].recordKey)],
  );
  if (!waits.length) return;
  const byKey = new Map(waits.map((w) => [w.key, w]));
  const fields = await valueFieldsOf(m, run.integrationId, waits);
  for (const f of missing) {
    const wait = byKey.get(f.x3[0].recordKey);
    if (!wait) continue;
    // 'mapping:<table>:<key parts joined by |>' (map-records.ts)
    const [, table, ...rest] = wait.waitingOn.split(':');
    const entryKey = rest.join(':');
    f.differenceClass = 'unmapped';
    f.likelyCause = `the mapping's ${table} has no entry for ${entryKey}: the record waits for it`;
    f.fix = {
      action: 'add-mapping',
      description: `add the ${table} entry ${entryKey}; the record then goes on`,
      entry: {
        entity: wait.entity,
        direction: wait.direction,
        table,
        key: entryKey.split('|'),
        valueFields: fields.get(`${wait.entity}|${wait.direction}|${table}`) ?? [],
      },
    };
  }
}
