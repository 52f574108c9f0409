// Another organisation's rows in the same database, for tests that prove a door opens on one
// tenant only: the given integration and what it hangs on, copied column for column under a new
// tenant (so no test has to know every NOT NULL column of these tables).
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Another organisation's integration: returns its id. */
export async function foreignIntegration(owner: DataSource, tenantId: string, integrationId: string): Promise<string> {
  const copy = async (table: string, id: string, over: Record<string, unknown>): Promise<string> => {
    const [row] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO ${table} SELECT (jsonb_populate_record(NULL::${table}, to_jsonb(t) || $2::jsonb)).*
       FROM ${table} t WHERE t.id = $1 RETURNING id`,
      [id, JSON.stringify({ id: randomUUID(), ...over })],
    );
    return row.id;
  };
  const [ids] = await owner.query<
    Array<{ xero: string; x3: string; grant: string; grantSecret: string; x3Secret: string }>
  >(
    `SELECT i.xero_connection_id AS xero, i.x3_connection_id AS x3, x.grant_id AS "grant",
            g.secret_id AS "grantSecret", c.secret_id AS "x3Secret"
       FROM integrations i JOIN xero_connections x ON x.id = i.xero_connection_id
       JOIN xero_grants g ON g.id = x.grant_id JOIN x3_connections c ON c.id = i.x3_connection_id
      WHERE i.id = $1`,
    [integrationId],
  );
  const theirs = { tenant_id: await copy('tenants', tenantId, { name: `Someone else ${randomUUID().slice(0, 8)}` }) };
  const grantSecret = await copy('secrets', ids.grantSecret, theirs);
  const x3Secret = await copy('secrets', ids.x3Secret, theirs);
  const grant = await copy('xero_grants', ids.grant, { ...theirs, secret_id: grantSecret });
  // disconnected: one Xero organisation is connected to one tenant at a time
  const xero = await copy('xero_connections', ids.xero, { ...theirs, grant_id: grant, status: 'disconnected' });
  const x3 = await copy('x3_connections', ids.x3, { ...theirs, secret_id: x3Secret });
  return copy('integrations', integrationId, {
    ...theirs,
    name: 'Their integration',
    xero_connection_id: xero,
    x3_connection_id: x3,
  });
}
