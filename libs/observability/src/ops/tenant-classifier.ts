import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { planNamesOf, TENANT_CLASS_UNKNOWN, TenantClassConfig, tenantClassOf } from '../tenant-class';
import { withDeadline } from './request-redis';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a tenant's class is trusted (a trial started or a plan changed shows within this). */
const FRESH_MS = 60_000;
/** A class that could not be read is asked again this soon. */
const RETRY_MS = 5_000;
const READ_MS = 2_000;
const MAX_TENANTS = 10_000;

/**
 * A tenant's class for metric labels (tenant-class.ts), read in the tenant's own read-only
 * transaction (RLS applies) and kept for a minute. Anything that goes wrong gives 'unknown': a
 * label is never worth failing or delaying the call it describes.
 */
@Injectable()
export class TenantClassifier {
  private readonly tx: TenantTransactions;
  private readonly config: TenantClassConfig;
  private readonly known = new Map<string, { value: Promise<string>; until: number }>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, dataSource: DataSource) {
    this.tx = new TenantTransactions(dataSource);
    this.config = { plans: planNamesOf(config.LB_PLAN_ALLOWANCES), defaultPlan: config.LB_DEFAULT_PLAN };
  }

  classOf(tenantId: string | undefined): Promise<string> {
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) return Promise.resolve(TENANT_CLASS_UNKNOWN);
    const now = Date.now();
    const hit = this.known.get(tenantId);
    if (hit && hit.until > now) return hit.value;
    if (this.known.size >= MAX_TENANTS) this.known.delete(this.known.keys().next().value as string);
    // until it resolves, concurrent events of the tenant share the one read
    const entry = { value: Promise.resolve(TENANT_CLASS_UNKNOWN), until: Infinity };
    entry.value = this.read(tenantId).then(
      ({ value, settled }) => {
        // a tenant still setting up (no X3 folder yet) is read again next time: a trial's first
        // calls happen moments before its sandbox folder is connected
        entry.until = Date.now() + (settled ? FRESH_MS : 0);
        return value;
      },
      () => {
        entry.until = Date.now() + RETRY_MS;
        return TENANT_CLASS_UNKNOWN;
      },
    );
    this.known.delete(tenantId);
    this.known.set(tenantId, entry);
    return entry.value;
  }

  private async read(tenantId: string): Promise<{ value: string; settled: boolean }> {
    const rows = await withDeadline(
      this.tx.runReadOnly(tenantId, (m) =>
        m.query<Array<{ folders: number; sandbox_only: boolean | null }>>(
          `SELECT count(*)::int AS folders, bool_and(is_sandbox) AS sandbox_only FROM x3_connections`,
        ),
      ),
      READ_MS,
      'PostgreSQL',
    );
    const folders = Number(rows[0]?.folders ?? 0);
    const sandboxOnly = folders > 0 && rows[0]?.sandbox_only === true;
    return { value: tenantClassOf({ sandboxOnly }, this.config), settled: folders > 0 };
  }
}
