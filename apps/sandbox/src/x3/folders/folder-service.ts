import { HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { X3_SANDBOX_CONFIG } from '../x3-tokens';
import { SandboxConfig } from '../../sandbox-config';
import { ENTITIES } from '../model/catalog';
import { seedFolder } from '../seed/seed-folder';
import { copySeed } from '../seed/seed-template';
import { hashPassword, randomToken, sameSecret, sha256 } from './secrets';

export const SEED_FOLDER = 'SEED';

export interface ConnectedAppCredentials {
  clientId: string;
  secret: string;
  user: string;
  audience: string;
}

export interface NewFolder {
  folder: string;
  controlToken: string;
  expiresAt: string | null;
  connectedApplication: ConnectedAppCredentials;
}

/** X3 folders (endpoints): each holds its own data, control token, connected apps and users. */
@Injectable()
export class FolderService {
  constructor(
    private readonly db: SandboxDatabase,
    @Inject(X3_SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

  private get settings() {
    return this.config.x3 ?? { maxTrialFolders: 200, trialTtlHours: 72 };
  }

  /** SEED is created once; later starts find it and leave it as the users left it. */
  async ensureSeedFolder(): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['x3-seed-folder']);
      const { rows } = await client.query('SELECT 1 FROM x3_folders WHERE name = $1', [SEED_FOLDER]);
      const tokenHash = this.config.x3?.seedControlToken ? sha256(this.config.x3.seedControlToken) : null;
      if (rows.length > 0) {
        await client.query('UPDATE x3_folders SET control_token_hash = $2 WHERE name = $1', [SEED_FOLDER, tokenHash]);
        return;
      }
      await client.query('INSERT INTO x3_folders (name, control_token_hash, is_trial) VALUES ($1, $2, false)', [
        SEED_FOLDER,
        tokenHash,
      ]);
      await seedFolder(client, SEED_FOLDER);
    });
  }

  /** The product's "try with the sandbox": a fresh seeded folder with quota and expiry. */
  async createTrialFolder(): Promise<NewFolder> {
    await this.purgeExpired();
    const [{ n }] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM x3_folders WHERE is_trial');
    if (n >= this.settings.maxTrialFolders) {
      throw new HttpException(
        { message: 'Sandbox folder quota reached, try again later' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const folder = `SBX${randomToken(6)
      .replace(/[^A-Za-z0-9]/g, '')
      .toUpperCase()
      .slice(0, 6)}${Date.now().toString(36).toUpperCase().slice(-4)}`;
    const controlToken = randomToken();
    const expiresAt = new Date(Date.now() + this.settings.trialTtlHours * 3600_000);
    const app = { clientId: randomToken(12), secret: randomToken(32), user: 'ADMIN', audience: '' };
    await this.db.transaction(async (client) => {
      await client.query(
        'INSERT INTO x3_folders (name, control_token_hash, is_trial, expires_at) VALUES ($1, $2, true, $3)',
        [folder, sha256(controlToken), expiresAt],
      );
      await client.query(
        'INSERT INTO x3_connected_apps (folder, client_id, app_name, secret, allowed_user) VALUES ($1, $2, $3, $4, $5)',
        [folder, app.clientId, 'Ledgerbridge', app.secret, app.user],
      );
      await copySeed(client, folder);
    });
    return { folder, controlToken, expiresAt: expiresAt.toISOString(), connectedApplication: app };
  }

  async exists(folder: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM x3_folders WHERE name = $1 AND (expires_at IS NULL OR expires_at > now())',
      [folder],
    );
    return rows.length > 0;
  }

  async checkControlToken(folder: string, token: string): Promise<boolean> {
    const rows = await this.db.query<{ control_token_hash: string | null }>(
      'SELECT control_token_hash FROM x3_folders WHERE name = $1 AND (expires_at IS NULL OR expires_at > now())',
      [folder],
    );
    const stored = rows[0]?.control_token_hash;
    return Boolean(stored) && sameSecret(stored!, sha256(token));
  }

  async summary(folder: string): Promise<Record<string, unknown>> {
    const [row] = await this.db.query('SELECT name, is_trial, created_at, expires_at FROM x3_folders WHERE name = $1', [
      folder,
    ]);
    if (!row) throw new NotFoundException();
    const counts: Record<string, number> = {};
    for (const desc of ENTITIES) {
      const [{ n }] = await this.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${desc.table} WHERE folder = $1`,
        [folder],
      );
      counts[desc.name] = n;
    }
    return { folder: row.name, isTrial: row.is_trial, createdAt: row.created_at, expiresAt: row.expires_at, counts };
  }

  async deleteFolder(folder: string): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const desc of ENTITIES) await client.query(`DELETE FROM ${desc.table} WHERE folder = $1`, [folder]);
      await client.query('DELETE FROM x3_folders WHERE name = $1', [folder]);
    });
  }

  async addConnectedApp(
    folder: string,
    input: { name?: string; user?: string; audience?: string; tokenValiditySeconds?: number },
  ): Promise<ConnectedAppCredentials> {
    const app = {
      clientId: randomToken(12),
      secret: randomToken(32),
      user: input.user ?? 'ADMIN',
      audience: input.audience ?? '',
    };
    await this.db.query(
      'INSERT INTO x3_connected_apps (folder, client_id, app_name, secret, allowed_user, audience, token_validity_s) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        folder,
        app.clientId,
        input.name ?? 'Connected application',
        app.secret,
        app.user,
        app.audience,
        input.tokenValiditySeconds ?? 600,
      ],
    );
    return app;
  }

  async addBasicUser(folder: string, user: string, password: string): Promise<void> {
    await this.db.query(
      `INSERT INTO x3_basic_users (folder, user_name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (folder, user_name) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
      [folder, user, hashPassword(password)],
    );
  }

  private async purgeExpired(): Promise<void> {
    const expired = await this.db.query<{ name: string }>(
      'SELECT name FROM x3_folders WHERE expires_at IS NOT NULL AND expires_at <= now()',
    );
    for (const { name } of expired) await this.deleteFolder(name);
  }
}
