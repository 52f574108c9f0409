import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { ChangeEvent } from '../db/entity-store';
import { isoNoZone } from '../core/ms-date';
import { XERO_CONFIG } from '../xero-tokens';
import { SandboxConfig } from '../../sandbox-config';

/**
 * Records data changes as webhook events for every app that has a verified webhook and a
 * connection to the organisation (Xero sends each app the events of all its connected orgs).
 */
@Injectable()
export class WebhookQueue {
  constructor(@Inject(XERO_CONFIG) private readonly config: SandboxConfig) {}

  async enqueue(client: PoolClient, orgId: string, events: ChangeEvent[], now: number): Promise<void> {
    if (events.length === 0) return;
    const { rows: apps } = await client.query<{ client_id: string }>(
      `SELECT DISTINCT a.client_id FROM xero_apps a JOIN xero_connections c ON c.client_id = a.client_id
       WHERE c.tenant_id = $1 AND a.webhook_url IS NOT NULL AND a.webhook_status = 'OK'`,
      [orgId],
    );
    for (const app of apps) {
      for (const e of events) {
        const path = { CONTACT: 'Contacts', INVOICE: 'Invoices', CREDITNOTE: 'CreditNotes' }[e.category];
        const event = {
          resourceUrl: `${this.config.publicUrl}/api.xro/2.0/${path}/${e.resourceId}`,
          resourceId: e.resourceId,
          eventDateUtc: isoNoZone(now),
          eventType: e.type,
          eventCategory: e.category,
          tenantId: orgId,
          tenantType: 'ORGANISATION',
          ...(e.data ? { data: e.data } : {}),
        };
        await client.query(
          'INSERT INTO xero_webhook_events (client_id, event, created_ms, origin) VALUES ($1, $2, $3, $4)',
          [app.client_id, event, now, this.config.publicUrl],
        );
      }
    }
  }
}
