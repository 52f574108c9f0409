// Reporting keys: created by an admin (shown once, kept as a SHA-256), listed, revoked; and the
// one door a BI tool's request uses before any tenant is known: the key's hash to its tenant.
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { ReportingKey } from './reporting-key.entity';

export class ReportingKeyNotFoundError extends Error {}
export class TooManyReportingKeysError extends Error {}

/** Active keys per tenant: enough for every BI workspace, few enough to review. */
export const MAX_ACTIVE_REPORTING_KEYS = 10;
const KEY_PREFIX = 'lbr_';
/** lbr_ and 43 base64url characters (32 random bytes). */
export const REPORTING_KEY_SHAPE = /^lbr_[A-Za-z0-9_-]{43}$/;

export interface ReportingKeyActor {
  actor: AuditActor;
  origin?: RequestOrigin;
  userId: string | null;
}

export interface ReportingKeySummary {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ReportingCaller {
  tenantId: string;
  keyId: string;
}

const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summary(k: ReportingKey): ReportingKeySummary {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.keyPrefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

export class ReportingKeys {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  list(tenantId: string): Promise<ReportingKeySummary[]> {
    return this.tx.runReadOnly(tenantId, async (m) =>
      (await m.find(ReportingKey, { where: { tenantId }, order: { createdAt: 'DESC' } })).map(summary),
    );
  }

  /** A new key: the only time its secret leaves the server. */
  async create(tenantId: string, name: string, by: ReportingKeyActor): Promise<ReportingKeySummary & { key: string }> {
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.tx.run(tenantId, async (m) => {
      // one tenant's creations queue on its own lock, so the limit cannot be raced past
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('reporting_keys:' || $1))`, [tenantId]);
      const live = await m
        .createQueryBuilder(ReportingKey, 'k')
        .where('k.tenant_id = :tenantId AND k.revoked_at IS NULL', { tenantId })
        .getCount();
      if (live >= MAX_ACTIVE_REPORTING_KEYS) throw new TooManyReportingKeysError();
      const saved = await m.save(
        m.create(ReportingKey, {
          tenantId,
          name,
          keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
          keyHash: hashKey(key),
          createdByUserId: by.userId,
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'reporting.key_created',
        targetType: 'reporting_key',
        targetId: saved.id,
        details: { name },
        origin: by.origin,
      });
      return saved;
    });
    return { ...summary(row), key };
  }

  /** Stops the key at once; revoking a revoked key changes nothing. */
  async revoke(tenantId: string, keyId: string, by: ReportingKeyActor): Promise<ReportingKeySummary> {
    return this.tx.run(tenantId, async (m) => {
      const key = await m.findOne(ReportingKey, {
        where: { tenantId, id: keyId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!key) throw new ReportingKeyNotFoundError();
      if (key.revokedAt) return summary(key);
      key.revokedAt = new Date();
      await m.save(key);
      await this.audit.record(m, tenantId, {
        actor: by.actor,
        action: 'reporting.key_revoked',
        targetType: 'reporting_key',
        targetId: key.id,
        details: { name: key.name },
        origin: by.origin,
      });
      return summary(key);
    });
  }

  /** The tenant a presented key reads for; null for a malformed, unknown or revoked key or a tenant that left. */
  async authenticate(key: string | undefined): Promise<ReportingCaller | null> {
    if (!key || !REPORTING_KEY_SHAPE.test(key)) return null;
    const rows: Array<{ tenant_id: string; key_id: string }> = await this.dataSource.query(
      'SELECT * FROM lb_reporting_key_use($1)',
      [hashKey(key)],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, keyId: rows[0].key_id } : null;
  }
}
