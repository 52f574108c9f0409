// A PostgreSQL server a fault scenario owns (as OwnRedis for Redis): our database alone, migrated
// as `npm test` migrates the run's, on a fixed port and data directory so a restart comes back
// where the api and the worker look. The sandboxes and the world lock stay on the run's server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiteDatabase } from '#lb/testing';
import { bootstrapDatabase, roleUrl } from '../../../../libs/database/src/bootstrap/bootstrap-roles';
import { runMigrations } from '../../../../libs/schema/src/migration-runner';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../../../scripts/devstack/postgres';
import { findFreePort } from '../../../../scripts/devstack/ports';

const DATABASE = 'ledgerbridge_fault';

export class OwnPostgres {
  private handle?: EmbeddedPostgresHandle;
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly password: string,
  ) {}

  /** Started, bootstrapped (owner and runtime roles) and migrated. */
  static async start(): Promise<OwnPostgres> {
    const own = new OwnPostgres(
      await findFreePort(),
      mkdtempSync(join(tmpdir(), 'lb-faults-pg-')),
      randomBytes(12).toString('hex'),
    );
    await own.up();
    await bootstrapDatabase({
      superuserUrl: own.handle!.superuserUrl(),
      database: DATABASE,
      owner: { name: 'lb_owner', password: own.password },
      runtime: { name: 'lb_app', password: own.password },
    });
    await runMigrations(own.database.urls.DATABASE_OWNER_URL);
    return own;
  }

  /** Our database on this server, for SyncWorld's `database` (the server's close drops it). */
  get database(): SuiteDatabase {
    const superuser = `postgres://postgres:${this.password}@127.0.0.1:${this.port}/postgres`;
    return {
      urls: {
        DATABASE_URL: roleUrl(superuser, DATABASE, { name: 'lb_app', password: this.password }),
        DATABASE_OWNER_URL: roleUrl(superuser, DATABASE, { name: 'lb_owner', password: this.password }),
      },
      isolated: true,
      drop: () => Promise.resolve(),
    };
  }

  /** Same port, same data directory: what was committed before a stop is there after. */
  async up(): Promise<void> {
    if (this.handle) return;
    this.handle = await startEmbeddedPostgres({
      dataDir: join(this.dir, 'pg'),
      persistent: true,
      port: this.port,
      password: this.password,
    });
  }

  /** A fast shutdown (SIGINT): open sessions are ended (57P01), their transactions rolled back. */
  async down(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }

  async close(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
