import { createHash, randomBytes } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { X3Connection } from '#lb/connectors/sage-x3';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { consentAsSandboxUser } from '#lb/sandbox-client';
import { MatchingService, StarterFlows, starterRegionOf, TRIAL_POLL_SECONDS } from '#lb/sync';
import { IntegrationsService } from '../connections/integrations.service';
import { X3ConnectionsService } from '../connections/x3-connections.service';
import { sameCurrencyCompany, xeroBaseCurrency } from './same-currency-company';

export interface TrialResult {
  integrationId: string;
  xeroConnectionId: string;
  x3ConnectionId: string;
  flowsEnabled: string[];
}

/** Days a try-mode organisation and folder live in the sandbox. */
const TRIAL_DAYS = 14;

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status === 429)
    throw new ConflictException('The sandbox is at its quota of trial workspaces; try again later');
  if (!res.ok) throw new ServiceUnavailableException(`The sandbox refused the trial (${res.status})`);
  return JSON.parse(text) as T;
}

/**
 * "Try with the sandbox": one click gives the tenant its own seeded sandbox Xero organisation
 * and X3 folder, connected through the same code paths as real ones, and paired. One per
 * tenant; both expire in the sandbox after TRIAL_DAYS. Switching to real systems later means
 * connecting them and re-pointing the integration, whose settings stay.
 */
@Injectable()
export class SandboxTrialService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly tx: TenantTransactions,
    private readonly x3: X3ConnectionsService,
    private readonly integrations: IntegrationsService,
    private readonly audit: AuditTrail,
    private readonly starter: StarterFlows,
    private readonly matching: MatchingService,
  ) {}

  async start(tenantId: string, userId: string, origin: RequestOrigin): Promise<TrialResult> {
    const sandboxUrl = this.config.SANDBOX_URL?.replace(/\/$/, '');
    if (!sandboxUrl) throw new NotFoundException('Try mode is not available here (no SANDBOX_URL)');
    const existing = await this.tx.run(tenantId, (m) => m.findOne(X3Connection, { where: { isSandbox: true } }));
    if (existing) throw new ConflictException('This organisation already has a sandbox trial');
    const actor: AuditActor = { kind: 'user', id: userId };

    // Xero: a fresh seeded organisation for a demo user of this tenant, connected by OAuth.
    const org = await post<{ tenantId: string; userEmail: string; password: string }>(
      `${sandboxUrl}/xero-control/organisations`,
      {
        userEmail: `trial-${tenantId}@sandbox.ledgerbridge.invalid`,
        country: 'NZ',
        days: TRIAL_DAYS,
      },
    );
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(24).toString('base64url');
    const consentUrl = await this.xero.identity.consentUrl({
      redirectUri: this.xero.settings.redirectUri,
      scopes: this.xero.settings.scopes,
      state,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    });
    const back = await consentAsSandboxUser({
      consentUrl,
      sandboxUrl,
      email: org.userEmail,
      password: org.password,
      organisationIds: [org.tenantId],
    });
    const granted = await this.xero.grants.completeAuthorisation(tenantId, userId, {
      params: back.searchParams,
      expectedState: state,
      codeVerifier: verifier,
    });
    const xeroConnection = granted.connections[0];
    if (!xeroConnection) throw new ServiceUnavailableException('The sandbox organisation could not be connected');

    // Sage X3: a fresh seeded folder with a connected application for us.
    const folder = await post<{
      folder: string;
      connectedApplication: { clientId: string; secret: string; user: string };
    }>(`${sandboxUrl}/x3-control/folders`, {});
    const report = await this.x3.testSettings({
      name: 'Sandbox X3',
      baseUrl: sandboxUrl,
      folder: folder.folder,
      companies: [],
      auth: {
        mode: 'jwt',
        clientId: folder.connectedApplication.clientId,
        secret: folder.connectedApplication.secret,
        user: folder.connectedApplication.user,
      },
    });
    if (!report.ok || !report.companies?.length)
      throw new ServiceUnavailableException(
        `The sandbox X3 folder is not usable: ${report.error?.message ?? 'no company'}`,
      );
    const baseCurrency = await xeroBaseCurrency(this.xero, tenantId, xeroConnection.id);
    const company = sameCurrencyCompany(report.companies, baseCurrency);
    const x3 = await this.x3.create(
      tenantId,
      {
        name: 'Sandbox X3',
        baseUrl: sandboxUrl,
        folder: folder.folder,
        companies: [company],
        auth: {
          mode: 'jwt',
          clientId: folder.connectedApplication.clientId,
          secret: folder.connectedApplication.secret,
          user: folder.connectedApplication.user,
        },
      },
      actor,
      origin,
      true,
    );
    const pair = await this.integrations.create(
      tenantId,
      { name: 'Sandbox trial', xeroConnectionId: xeroConnection.id, x3ConnectionId: x3.id, x3Company: company },
      actor,
      origin,
    );
    await this.tx.run(tenantId, (m) =>
      this.audit.record(m, tenantId, {
        actor,
        action: 'sandbox.trial_started',
        targetType: 'integration',
        targetId: pair.id,
        details: { xeroOrganisation: xeroConnection.tenantName, x3Folder: folder.folder },
        origin,
      }),
    );
    await this.confirmTrialMatching(tenantId, pair.id, userId, actor, origin);
    // The trial runs its starter flows at once: polled every 5 s, with a read and a drain asked for now.
    const region = await starterRegionOf(company, () => Promise.resolve(baseCurrency));
    if (!region) throw new ServiceUnavailableException(`No starter templates for the sandbox company ${company}`);
    const installed = await this.starter.install(tenantId, pair.id, {
      region,
      enable: true,
      pollSeconds: TRIAL_POLL_SECONDS,
      actor,
      origin,
    });
    return {
      integrationId: pair.id,
      xeroConnectionId: xeroConnection.id,
      x3ConnectionId: x3.id,
      flowsEnabled: installed.flowsInstalled.filter((f) => f.enabled).map((f) => f.flowKey),
    };
  }

  /**
   * Nothing is written before first-connection matching is confirmed. In a trial the demo
   * organisation and folder are ours, so the proposals are accepted as made: every unambiguous
   * match, and every name clash renamed as proposed (ambiguous lines stay unlinked). When the
   * documents cannot all be accepted (a document whose contact is ambiguous), the parties, items
   * and accounts are.
   */
  private async confirmTrialMatching(
    tenantId: string,
    integrationId: string,
    userId: string,
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<void> {
    const by = { actor, origin, userId };
    const view = await this.matching.run(tenantId, integrationId, by);
    const renames = view.clashes.map((c) => ({ entity: c.entity, x3Key: c.x3Key, name: c.proposedName }));
    try {
      await this.matching.confirm(tenantId, integrationId, { runId: view.runId!, acceptAll: true, renames }, by);
    } catch {
      const accept = view.proposals
        .filter((p) => p.entity !== 'invoice' && p.entity !== 'bill')
        .map((p) => ({ entity: p.entity, x3Key: p.x3Key }));
      await this.matching.confirm(tenantId, integrationId, { runId: view.runId!, accept, renames }, by);
    }
  }
}
