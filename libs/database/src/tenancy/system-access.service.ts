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
    const rows: Array<{ exists: boolean }> = await this.dataSource.query('SELECT lb_tenant_exists($1) AS exists', [
      tenantId,
    ]);
    return rows[0]?.exists === true;
  }

  /** Ids of active tenants, for schedulers and sweeps (key rotation, keep-alive refresh). */
  async activeTenantIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM lb_active_tenant_ids() AS id');
    return rows.map((r) => r.id);
  }

  /** How many secrets each master key still wraps; a key at zero can be retired. */
  async secretKeyUsage(): Promise<Record<string, number>> {
    const rows: Array<{ key_id: string; secrets: string }> = await this.dataSource.query(
      'SELECT * FROM lb_secret_key_usage()',
    );
    return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.secrets)]));
  }

  /**
   * The tenants of the user that a live session holds, for sign-in, the session view and the
   * tenant switcher. `sessionId` is the raw id from the cookie (the table keeps only its hash),
   * so the database answers for no user whose session the caller does not hold.
   */
  async sessionMemberships(sessionId: string): Promise<Array<{ tenantId: string; tenantName: string; role: string }>> {
    const rows: Array<{ tenant_id: string; tenant_name: string; role: string }> = await this.dataSource.query(
      'SELECT * FROM lb_session_memberships($1)',
      [sessionId],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, tenantName: r.tenant_name, role: r.role }));
  }

  /** Which tenant an invitation token (by its hash) belongs to; the caller then enters that tenant. */
  async findInvitation(tokenHash: string): Promise<{ tenantId: string; invitationId: string } | null> {
    const rows: Array<{ tenant_id: string; invitation_id: string }> = await this.dataSource.query(
      'SELECT * FROM lb_find_invitation($1)',
      [tokenHash],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, invitationId: rows[0].invitation_id } : null;
  }

  /** Support search by tenant name or id: names and ids only, at most 20. */
  async searchTenants(query: string): Promise<Array<{ id: string; name: string; createdAt: string }>> {
    const rows: Array<{ id: string; name: string; created_at: Date }> = await this.dataSource.query(
      'SELECT * FROM lb_search_tenants($1)',
      [query],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString() }));
  }

  /** Live Xero grants of our Xero app (ids only), for the sweep that notices disconnects made inside Xero. */
  async activeXeroGrants(clientId: string): Promise<Array<{ tenantId: string; grantId: string }>> {
    return this.grantIds(await this.dataSource.query('SELECT * FROM lb_active_xero_grants_of($1)', [clientId]));
  }

  /** Live Xero grants last refreshed before `before`, for the keep-alive sweep. */
  async idleXeroGrants(before: Date, clientId: string): Promise<Array<{ tenantId: string; grantId: string }>> {
    return this.grantIds(
      await this.dataSource.query('SELECT * FROM lb_idle_xero_grants_of($1, $2)', [before, clientId]),
    );
  }

  private grantIds(rows: Array<{ tenant_id: string; grant_id: string }>): Array<{ tenantId: string; grantId: string }> {
    return rows.map((r) => ({ tenantId: r.tenant_id, grantId: r.grant_id }));
  }

  /** Deleted tenants whose retention period has passed, for the purge job. */
  async tenantsDueForPurge(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM lb_tenants_due_for_purge() AS id');
    return rows.map((r) => r.id);
  }
}
