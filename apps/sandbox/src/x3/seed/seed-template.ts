import { createHash } from 'node:crypto';
import { PoolClient } from 'pg';
import { ENTITIES } from '../model/catalog';
import { x3Ddl } from '../model/ddl';
import { seedFolder } from './seed-folder';
import * as referenceData from './seed-reference-data';

/** Bump when the seed's documents or the business rules that compute them change. */
const SEED_REVISION = 2;

/**
 * Seeding runs about a thousand statements through the business code; a loaded machine made that
 * take tens of seconds per trial folder. The seed is built once per schema, reference data and
 * revision in a hidden template folder (no control token, no connected application) and each new
 * folder is copied from it, table by table, stamped now. Like SEED, a template outlives code changes
 * in a kept database (.data/) unless one of those three changes.
 */
const TEMPLATE = `_TEMPLATE_${createHash('sha256')
  .update(x3Ddl())
  .update(JSON.stringify({ ...referenceData, products: referenceData.products(), SEED_REVISION }))
  .digest('hex')
  .slice(0, 12)}`;

async function ensureTemplate(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [TEMPLATE]);
  const { rows } = await client.query('SELECT 1 FROM x3_folders WHERE name = $1', [TEMPLATE]);
  if (rows.length > 0) return;
  await client.query('INSERT INTO x3_folders (name, control_token_hash, is_trial) VALUES ($1, NULL, false)', [
    TEMPLATE,
  ]);
  await seedFolder(client, TEMPLATE);
}

/** Fills `folder` with the seed, as `seedFolder` would, in one statement per table. */
export async function copySeed(client: PoolClient, folder: string): Promise<void> {
  await ensureTemplate(client);
  const stamp = new Date(Math.floor(Date.now() / 1000) * 1000);
  for (const desc of ENTITIES) {
    const columns = [
      '_id',
      ...(desc.parent ? ['_parent', '_sort_value'] : []),
      ...desc.props.map((prop) => prop.column),
    ].join(', ');
    await client.query(
      `INSERT INTO ${desc.table} (folder, ${columns}, _create_stamp, _update_stamp)
       SELECT $1, ${columns}, $3, $3 FROM ${desc.table} WHERE folder = $2`,
      [folder, TEMPLATE, stamp],
    );
  }
  await client.query(
    `INSERT INTO x3_sequences (folder, prefix, next_value) SELECT $1, prefix, next_value FROM x3_sequences WHERE folder = $2`,
    [folder, TEMPLATE],
  );
}
