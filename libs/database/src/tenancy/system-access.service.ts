import { DataSource } from 'typeorm';

/**
 * The narrow door to data that is global by nature or spans tenants (see docs/architecture.md
 * "Global tables"). Cross-tenant reads go through SECURITY DEFINER functions created by the
 * migrations, each answering one question; nothing here returns another tenant's rows.
 * Callers that act on tenant data afterwards re-enter that tenant through TenantTransactions.
 */
export class SystemAccess {
  constructor(private readonly dataSource: DataSource) {}

  async tenantExists(tenantId: string): Promise<boolean> {
    const rows: Array<{ exists: boolean }> = await this.dataSource.query('SELECT lb_tenant_exists($1) AS exists', [tenantId]);
    return rows[0]?.exists === true;
  }

  /** Ids of active tenants, for schedulers and sweeps (key rotation, keep-alive refresh). */
  async activeTenantIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM lb_active_tenant_ids() AS id');
    return rows.map((r) => r.id);
  }

  /** How many secrets each master key still wraps; a key at zero can be retired. */
  async secretKeyUsage(): Promise<Record<string, number>> {
    const rows: Array<{ key_id: string; secrets: string }> = await this.dataSource.query('SELECT * FROM lb_secret_key_usage()');
    return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.secrets)]));
  }
}
