import { DataSource } from 'typeorm';

/**
 * The system door for Xero routing: which tenant and connection own an organisation. A SECURITY
 * DEFINER function answers that one question across tenants (webhook routing, the ownership
 * check before connecting); nothing else of another tenant is visible.
 */
export class XeroRouting {
  constructor(private readonly dataSource: DataSource) {}

  async owner(xeroTenantId: string): Promise<{ tenantId: string; connectionId: string } | null> {
    const rows: Array<{ tenant_id: string; connection_id: string }> = await this.dataSource.query(
      'SELECT tenant_id, connection_id FROM lb_route_xero_tenant($1)',
      [xeroTenantId],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, connectionId: rows[0].connection_id } : null;
  }
}
