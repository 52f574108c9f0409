import { TenantTransactions } from '#lb/database';
import { XeroEvent } from '../entities/xero-event.entity';
import { isXeroCallError } from '../errors/xero-call-error';
import { XeroReads } from '../operations/xero-reads';
import { XeroOrgFactory } from '../xero-org';

const CATEGORY_ENTITY: Record<string, string> = { INVOICE: 'invoices', CONTACT: 'contacts', CREDITNOTE: 'creditNotes' };

/**
 * Handles one routed webhook event inside its tenant: webhooks are hints, so the resource is
 * fetched (through the scheduler) and the event row records what was found. Safe to run twice.
 */
export class XeroEventFetcher {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly orgs: XeroOrgFactory,
    private readonly reads: XeroReads,
  ) {}

  async handle(tenantId: string, eventId: string): Promise<XeroEvent['status'] | 'missing'> {
    const event = await this.tx.run(tenantId, (m) => m.findOne(XeroEvent, { where: { id: eventId } }));
    if (!event) return 'missing';
    if (event.status !== 'pending') return event.status;
    const entity = CATEGORY_ENTITY[event.eventCategory];
    if (!entity) return this.finish(tenantId, eventId, 'skipped', `category ${event.eventCategory} is not fetched`);
    try {
      const org = await this.orgs.forConnection(tenantId, event.connectionId);
      const record = await this.reads.get(org, entity, event.resourceId);
      if (!record) return this.finish(tenantId, eventId, 'not_found', null);
      const updated =
        record.updatedDateUTC instanceof Date
          ? record.updatedDateUTC.toISOString()
          : typeof record.updatedDateUTC === 'string'
            ? record.updatedDateUTC
            : '';
      return this.finish(tenantId, eventId, 'fetched', `updatedDateUTC=${updated}`);
    } catch (e) {
      if (isXeroCallError(e) && e.kind === 'auth')
        return this.finish(tenantId, eventId, 'skipped', `connection unavailable: ${e.message}`);
      throw e;
    }
  }

  private async finish(
    tenantId: string,
    id: string,
    status: XeroEvent['status'],
    detail: string | null,
  ): Promise<XeroEvent['status']> {
    await this.tx.run(tenantId, (m) =>
      m.update(XeroEvent, { id, status: 'pending' }, { status, detail, processedAt: new Date() }),
    );
    return status;
  }
}
