import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { XeroConnection } from '#lb/connectors/xero';
import { X3Connection } from '#lb/connectors/sage-x3';
import { Integration } from '#lb/integrations';
import { resetPairing } from '#lb/sync';
import { BillingEntitlements, EntitlementError } from '#lb/billing';
import { planLimitException } from '../billing/billing-errors';

/** Two creates (or re-points) onto one Xero organisation at once: the loser gets the service's 409. */
function conflictOnTakenOrganisation(error: unknown): never {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const constraint = e.driverError?.constraint ?? e.constraint;
  if ((e.driverError?.code ?? e.code) === '23505' && constraint === 'uq_integrations_xero_connection') {
    throw new ConflictException('That Xero organisation is already paired in another integration');
  }
  throw error;
}

interface Pair {
  xeroConnectionId: string;
  x3ConnectionId: string;
  x3Company: string;
}

export interface IntegrationView {
  id: string;
  name: string;
  xeroConnectionId: string;
  xeroName: string;
  xeroStatus: string;
  x3ConnectionId: string;
  x3Name: string;
  x3Company: string;
  status: string;
  /** Why sync is paused (empty while it runs), so the pages can say why, not only that. */
  pauseReasons: string[];
  createdAt: string;
}

/** Pairs of one Xero organisation with one X3 folder and company. */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    private readonly billing: BillingEntitlements,
  ) {}

  list(tenantId: string): Promise<IntegrationView[]> {
    return this.tx.run(tenantId, (m) => this.listIn(m));
  }

  /** The list in the caller's tenant transaction (support reads it in a read-only one, under a grant). */
  async listIn(m: EntityManager): Promise<IntegrationView[]> {
    const rows = await m.find(Integration, {
      relations: { xeroConnection: true, x3Connection: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map((i) => ({
      id: i.id,
      name: i.name,
      xeroConnectionId: i.xeroConnectionId,
      xeroName: i.xeroConnection?.tenantName ?? '',
      xeroStatus: i.xeroConnection?.status ?? 'unknown',
      x3ConnectionId: i.x3ConnectionId,
      x3Name: i.x3Connection?.name ?? '',
      x3Company: i.x3Company,
      status: i.status,
      pauseReasons: i.pauseReasons,
      createdAt: i.createdAt.toISOString(),
    }));
  }

  create(
    tenantId: string,
    input: Pair & { name: string },
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<{ id: string }> {
    return this.tx
      .run(tenantId, async (m) => {
        const { xero, x3 } = await this.checkPair(m, input);
        // The plan's number of pairs first: past it, nothing else about the pair matters.
        await this.billing.assertCanAddIntegration(m, tenantId).catch((e: unknown) => {
          throw e instanceof EntitlementError ? planLimitException(e) : e;
        });
        const duplicate = await m.findOne(Integration, {
          where: { xeroConnectionId: xero.id, x3ConnectionId: x3.id, x3Company: input.x3Company },
        });
        if (duplicate) throw new ConflictException('These two are already paired');
        await this.checkOrganisationFree(m, xero);
        const saved = await m.save(m.create(Integration, { tenantId, ...input }));
        await this.audit.record(m, tenantId, {
          actor,
          action: 'integration.created',
          targetType: 'integration',
          targetId: saved.id,
          details: { name: input.name, xero: xero.tenantName, x3: x3.name, company: input.x3Company },
          origin,
        });
        return { id: saved.id };
      })
      .catch(conflictOnTakenOrganisation);
  }

  /**
   * Re-points an integration, e.g. from its try-mode sandbox connections to the real systems:
   * its id, name and everything attached to it (mappings and flows, later) stay.
   */
  repoint(
    tenantId: string,
    id: string,
    change: { xeroConnectionId?: string; x3ConnectionId?: string; x3Company?: string },
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<void> {
    return this.tx
      .run(tenantId, async (m) => {
        const found = await m.findOne(Integration, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!found) throw new NotFoundException('Integration not found');
        const next = {
          xeroConnectionId: found.xeroConnectionId,
          x3ConnectionId: found.x3ConnectionId,
          x3Company: found.x3Company,
          ...change,
        };
        const { xero } = await this.checkPair(m, next);
        if (next.xeroConnectionId !== found.xeroConnectionId) await this.checkOrganisationFree(m, xero, id);
        const moved =
          next.xeroConnectionId !== found.xeroConnectionId ||
          next.x3ConnectionId !== found.x3ConnectionId ||
          next.x3Company !== found.x3Company;
        await m.update(Integration, { id }, next);
        // Another ledger on either side: what was matched, read or written for the old pair no longer holds.
        const reset = moved ? await resetPairing(m, id) : undefined;
        await this.audit.record(m, tenantId, {
          actor,
          action: 'integration.repointed',
          targetType: 'integration',
          targetId: id,
          details: {
            from: { xero: found.xeroConnectionId, x3: found.x3ConnectionId, company: found.x3Company },
            to: next,
            ...(reset ? { reset } : {}),
          },
          origin,
        });
      })
      .catch(conflictOnTakenOrganisation);
  }

  remove(tenantId: string, id: string, actor: AuditActor, origin: RequestOrigin): Promise<void> {
    return this.tx.run(tenantId, async (m) => {
      const found = await m.findOne(Integration, { where: { id } });
      if (!found) throw new NotFoundException('Integration not found');
      await m.delete(Integration, { id });
      await this.audit.record(m, tenantId, {
        actor,
        action: 'integration.removed',
        targetType: 'integration',
        targetId: id,
        details: { name: found.name },
        origin,
      });
    });
  }

  /** A Xero organisation has one integration: two would write every record into it twice. */
  private async checkOrganisationFree(m: EntityManager, xero: XeroConnection, exceptId?: string): Promise<void> {
    const taken = await m.findOne(Integration, { where: { xeroConnectionId: xero.id } });
    if (taken && taken.id !== exceptId) {
      throw new ConflictException(`${xero.tenantName} is already paired in the integration "${taken.name}"`);
    }
  }

  /** Both sides exist in this tenant (RLS: another tenant's ids are simply not found) and can pair. */
  private async checkPair(m: EntityManager, pair: Pair): Promise<{ xero: XeroConnection; x3: X3Connection }> {
    const xero = await m.findOne(XeroConnection, { where: { id: pair.xeroConnectionId } });
    if (!xero) throw new NotFoundException('Xero connection not found');
    if (xero.status === 'disconnected')
      throw new BadRequestException('That Xero organisation is disconnected; connect it again first');
    const x3 = await m.findOne(X3Connection, { where: { id: pair.x3ConnectionId } });
    if (!x3) throw new NotFoundException('Sage X3 connection not found');
    if (x3.companies.length > 0 && !x3.companies.includes(pair.x3Company)) {
      throw new BadRequestException(
        `Company ${pair.x3Company} is not in scope of that X3 connection (${x3.companies.join(', ')})`,
      );
    }
    return { xero, x3 };
  }
}
