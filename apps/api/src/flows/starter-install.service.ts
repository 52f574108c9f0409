import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { AuditActor, RequestOrigin } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { isXeroCallError, XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import {
  FlowIntegrationNotFoundError,
  NoStarterRegionError,
  STARTER_POLL_SECONDS,
  StarterFlows,
  StarterInstallReport,
  starterRegionOf,
} from '#lb/sync';
import { xeroBaseCurrency } from '../sandbox-trial/same-currency-company';

/**
 * The starter mappings and flows for an integration a member paired by hand: installed switched off
 * (a writing flow goes on only by an admin with a fresh sign-in). Xero is asked for the
 * organisation's base currency only when the X3 company is not one the templates were built for.
 */
@Injectable()
export class StarterInstallService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly starter: StarterFlows,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
  ) {}

  async install(
    tenantId: string,
    integrationId: string,
    by: { actor: AuditActor; origin: RequestOrigin },
  ): Promise<StarterInstallReport> {
    const pair = await this.tx.run(tenantId, (m) => m.findOne(Integration, { where: { id: integrationId } }));
    if (!pair) throw new FlowIntegrationNotFoundError();
    const region = await starterRegionOf(pair.x3Company, () => this.baseCurrency(tenantId, pair.xeroConnectionId));
    if (!region) throw new NoStarterRegionError('No starter templates fit this organisation: start from empty flows');
    return this.starter.install(tenantId, integrationId, {
      region,
      enable: false,
      pollSeconds: STARTER_POLL_SECONDS,
      ...by,
    });
  }

  private async baseCurrency(tenantId: string, connectionId: string): Promise<string> {
    try {
      return await xeroBaseCurrency(this.xero, tenantId, connectionId);
    } catch (error) {
      if (!isXeroCallError(error) || error.kind === 'validation') throw error;
      throw new ServiceUnavailableException(
        { message: `Xero did not answer: ${error.message}`, code: 'xero_unavailable', expose: true },
        { cause: error },
      );
    }
  }
}
