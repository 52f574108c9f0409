import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxClock } from '../core/sandbox-clock';
import { XeroHttpError } from '../core/xero-errors';
import { XERO_SETTINGS } from '../xero-tokens';
import { XeroSettings } from '../xero-settings';
import { OrgStore } from './org-store';
import { SeedCountry } from './seed-charts';
import { organisationDoc, seedOrganisation } from './seed-builder';
import { XeroUsers } from './users';

export interface CreatedOrganisation {
  tenantId: string;
  name: string;
  controlToken: string;
  userEmail: string;
  password: string;
  expiresAt: string | null;
}

export const DEFAULT_DEMO_USER = 'demo@sandbox.xero.test';

const SEEDED: { key: string; name: string; country: SeedCountry }[] = [
  { key: 'demo-nz', name: 'Kiwi Trading Co (Sandbox)', country: 'NZ' },
  { key: 'demo-au', name: 'Outback Supplies Pty (Sandbox)', country: 'AU' },
  { key: 'demo-uk', name: 'Thames Components Ltd (Sandbox)', country: 'UK' },
  { key: 'demo-us', name: 'Golden Gate Parts Inc (Sandbox)', country: 'US' },
];

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly store: OrgStore,
    private readonly users: XeroUsers,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
    @Inject(XERO_SETTINGS) private readonly settings: XeroSettings,
  ) {}

  /** The demo organisations every sandbox has; idempotent (keyed by seed_key). */
  async seedDefaults(): Promise<void> {
    const user = await this.users.ensure(DEFAULT_DEMO_USER, this.settings.demoPassword);
    for (const seed of SEEDED) {
      const exists = await this.db.query('SELECT 1 FROM xero_orgs WHERE seed_key = $1', [seed.key]);
      if (exists.length === 0) await this.create(user.id, seed.name, seed.country, null, seed.key);
    }
  }

  /**
   * A fresh seeded organisation for a demo user (the product's "try with the sandbox"): at most
   * `tryOrgQuota` live organisations per user, each expiring after `tryOrgDays`.
   */
  async createForUser(
    email: string,
    country: SeedCountry = 'NZ',
    name?: string,
    days?: number,
  ): Promise<CreatedOrganisation> {
    const password = this.settings.demoPassword;
    const user = await this.users.ensure(email, password);
    await this.purgeExpired(user.id);
    const [{ count }] = await this.db.query<{ count: string }>(
      'SELECT count(*) FROM xero_orgs WHERE owner_user_id = $1 AND seed_key IS NULL',
      [user.id],
    );
    if (Number(count) >= this.settings.tryOrgQuota) {
      throw new XeroHttpError(429, {
        Type: 'QuotaExceeded',
        Message: `A demo user may hold at most ${this.settings.tryOrgQuota} sandbox organisations.`,
      });
    }
    const lifetime = Math.min(days ?? this.settings.tryOrgDays, this.settings.tryOrgDays);
    const expires = new Date(this.clock.now() + lifetime * 86400_000);
    const created = await this.create(
      user.id,
      name ?? `${user.given_name}'s ${country} Sandbox`,
      country,
      expires,
      null,
    );
    return { ...created, userEmail: user.email, password };
  }

  /** Deletes a user's expired try-mode organisations (others' are invisible once expired). */
  async purgeExpired(userId: string): Promise<void> {
    await this.db.query(
      'DELETE FROM xero_orgs WHERE owner_user_id = $1 AND expires_at IS NOT NULL AND expires_at < $2',
      [userId, this.clock.nowDate()],
    );
  }

  async orgsOfUser(userId: string): Promise<{ id: string; name: string }[]> {
    return this.db.query(
      `SELECT o.id, o.name FROM xero_orgs o JOIN xero_org_members m ON m.org_id = o.id WHERE m.user_id = $1
       AND (o.expires_at IS NULL OR o.expires_at > $2) ORDER BY o.created_at`,
      [userId, this.clock.nowDate()],
    );
  }

  /** A demo user's organisations with their control tokens (for the seeded orgs, this is the way in). */
  async controlAccess(
    email: string,
    password: string,
  ): Promise<{ tenantId: string; name: string; controlToken: string; expiresAt: Date | null }[] | undefined> {
    const user = await this.users.verify(email, password);
    if (!user) return undefined;
    return this.db.query(
      `SELECT o.id AS "tenantId", o.name, o.control_token AS "controlToken", o.expires_at AS "expiresAt" FROM xero_orgs o
       JOIN xero_org_members m ON m.org_id = o.id WHERE m.user_id = $1 AND (o.expires_at IS NULL OR o.expires_at > $2) ORDER BY o.created_at`,
      [user.id, this.clock.nowDate()],
    );
  }

  async summary(orgId: string): Promise<Record<string, unknown> | undefined> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT o.id AS "tenantId", o.name, o.expires_at AS "expiresAt", o.doc->>'CountryCode' AS "countryCode",
         o.doc->>'BaseCurrency' AS "baseCurrency", o.doc->>'PeriodLockDate' AS "periodLockDate",
         o.doc->>'EndOfYearLockDate' AS "endOfYearLockDate",
         (SELECT count(*)::int FROM xero_connections c WHERE c.tenant_id = o.id) AS connections
       FROM xero_orgs o WHERE o.id = $1`,
      [orgId],
    );
    return rows[0];
  }

  async controlTokenMatches(orgId: string, token: string): Promise<boolean> {
    const rows = await this.db.query<{ ok: boolean }>(
      'SELECT control_token = $2 AS ok FROM xero_orgs WHERE id::text = $1',
      [orgId, token],
    );
    return rows[0]?.ok === true;
  }

  private async create(
    userId: string,
    name: string,
    country: SeedCountry,
    expires: Date | null,
    seedKey: string | null,
  ): Promise<Omit<CreatedOrganisation, 'userEmail' | 'password'>> {
    const id = randomUUID();
    const controlToken = `xct_${randomBytes(24).toString('base64url')}`;
    const doc = organisationDoc(id, name, country, this.clock.now());
    const inserted = await this.db.query(
      `INSERT INTO xero_orgs (id, seed_key, owner_user_id, name, doc, control_token, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (seed_key) DO NOTHING RETURNING id`,
      [id, seedKey, userId, name, doc, controlToken, expires],
    );
    // Another sandbox process seeded it first.
    if (inserted.length === 0) return { tenantId: id, name, controlToken, expiresAt: null };
    await this.db.query('INSERT INTO xero_org_members (org_id, user_id) VALUES ($1,$2) ON CONFLICT DO NOTHING', [
      id,
      userId,
    ]);
    await this.store.run(id, (s) => seedOrganisation(s, country));
    return { tenantId: id, name, controlToken, expiresAt: expires ? expires.toISOString() : null };
  }
}
