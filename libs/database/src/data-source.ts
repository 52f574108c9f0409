import { join } from 'node:path';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

// Compiled or from source, migrations sit at the repository's (or dist's) top level.
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', '..', 'migrations', '*.{ts,js}');

/** Any entity class (whatever its constructor takes). */
type EntityClass = new (...args: never[]) => object;
export type EntityList = MixedList<string | EntityClass | EntitySchema>;

export function dataSourceOptions(
  url: string,
  entities: EntityList,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    // Core gen_random_uuid(); the runtime role may not install extensions (bootstrap does).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    // Failures surface as exceptions, logged once by whoever handles them (pino, redacted).
    logging: false,
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, entities: EntityList): DataSource {
  return new DataSource(dataSourceOptions(url, entities));
}
