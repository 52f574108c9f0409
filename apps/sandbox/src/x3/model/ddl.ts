import { createHash } from 'node:crypto';
import { SandboxDatabase } from '../../db/sandbox-database';
import { EntityDesc, PropDesc } from './descriptor';
import { ENTITIES } from './catalog';

// X3 stores no NULLs (empty string, zero, 1753-01-01); we keep NOT NULL defaults for the same
// reason, except dates where GraphQL shows an empty date as null. An enum defaults to its first
// value (a blank is not a value GraphQL can show).
function columnType(prop: PropDesc): string {
  const literal = (fallback: string) => prop.defaultValue ?? fallback;
  switch (prop.kind) {
    case 'int':
      return `integer NOT NULL DEFAULT ${literal('0')}`;
    case 'decimal':
      return `numeric(28,8) NOT NULL DEFAULT ${literal('0')}`;
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'boolean':
      return `boolean NOT NULL DEFAULT ${literal('false')}`;
    case 'enum':
      return `text NOT NULL DEFAULT ${literal(`'${prop.enumValues![0]}'`)}`;
    default:
      return `text NOT NULL DEFAULT ${literal("''")}`;
  }
}

function entityDdl(desc: EntityDesc): string {
  const lineCols = desc.parent ? ['_parent text NOT NULL', '_sort_value integer NOT NULL DEFAULT 0'] : [];
  const cols = [
    'folder text NOT NULL',
    '_id text NOT NULL',
    ...lineCols,
    ...desc.props.map((prop) => `${prop.column} ${columnType(prop)}`),
    '_create_stamp timestamptz NOT NULL',
    '_update_stamp timestamptz NOT NULL',
    'PRIMARY KEY (folder, _id)',
  ];
  // A sandbox database kept across versions (npm start's .data/) gains the properties added since.
  const added = desc.props.map(
    (prop) => `ALTER TABLE ${desc.table} ADD COLUMN IF NOT EXISTS ${prop.column} ${columnType(prop)};`,
  );
  const indexes = [
    `CREATE INDEX IF NOT EXISTS ${desc.table}_stamp_idx ON ${desc.table} (folder, _update_stamp, _id);`,
    desc.parent
      ? `CREATE INDEX IF NOT EXISTS ${desc.table}_parent_idx ON ${desc.table} (folder, _parent, _sort_value);`
      : '',
  ];
  return `CREATE TABLE IF NOT EXISTS ${desc.table} (\n  ${cols.join(',\n  ')}\n);\n${added.join('\n')}\n${indexes.join('\n')}`;
}

const SYSTEM_DDL = `
CREATE TABLE IF NOT EXISTS x3_folders (
  name text PRIMARY KEY,
  control_token_hash text,
  is_trial boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE TABLE IF NOT EXISTS x3_connected_apps (
  folder text NOT NULL REFERENCES x3_folders(name) ON DELETE CASCADE,
  client_id text NOT NULL,
  app_name text NOT NULL,
  secret text NOT NULL,
  allowed_user text NOT NULL,
  audience text NOT NULL DEFAULT '',
  token_validity_s integer NOT NULL DEFAULT 600,
  PRIMARY KEY (folder, client_id)
);
CREATE TABLE IF NOT EXISTS x3_basic_users (
  folder text NOT NULL REFERENCES x3_folders(name) ON DELETE CASCADE,
  user_name text NOT NULL,
  password_hash text NOT NULL,
  PRIMARY KEY (folder, user_name)
);
CREATE TABLE IF NOT EXISTS x3_faults (
  id bigserial PRIMARY KEY,
  folder text NOT NULL REFERENCES x3_folders(name) ON DELETE CASCADE,
  mode text NOT NULL,
  remaining integer NOT NULL,
  delay_ms integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS x3_sequences (
  folder text NOT NULL REFERENCES x3_folders(name) ON DELETE CASCADE,
  prefix text NOT NULL,
  next_value bigint NOT NULL,
  PRIMARY KEY (folder, prefix)
);`;

export function x3Ddl(): string {
  return [SYSTEM_DDL, ...ENTITIES.map(entityDdl)].join('\n');
}

/**
 * Applies the DDL once per schema version. Re-running CREATE ... IF NOT EXISTS while other
 * sandboxes (parallel test workers) write to the tables can deadlock, so a version row is
 * checked first, under the same advisory lock.
 */
export async function applyX3Schema(db: SandboxDatabase): Promise<void> {
  const ddl = x3Ddl();
  const version = createHash('sha256').update(ddl).digest('hex');
  const current = async () =>
    (await db.query<{ ok: boolean }>("SELECT to_regclass('x3_schema_version') IS NOT NULL AS ok"))[0].ok &&
    (await db.query('SELECT 1 FROM x3_schema_version WHERE version = $1', [version])).length > 0;
  if (await current()) return;
  await db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['sandbox-schema:x3']);
    await client.query(
      'CREATE TABLE IF NOT EXISTS x3_schema_version (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query('SELECT 1 FROM x3_schema_version WHERE version = $1', [version]);
    if (rows.length > 0) return;
    await client.query(ddl);
    await client.query('INSERT INTO x3_schema_version (version) VALUES ($1)', [version]);
  });
}
