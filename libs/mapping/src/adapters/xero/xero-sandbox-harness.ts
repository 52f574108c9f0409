// For the sandbox integration test: our Xero connector wired to a Xero sandbox process, reusing the
// connector's own test harness, and a tenant connected to a new organisation of a given country.
import { randomUUID } from 'node:crypto';
import { harness, Harness, REDIRECT } from '../../../../connectors/xero/test/connector-harness';
import {
  consent,
  json,
  SandboxOrg,
  SandboxProcess,
  startSandboxProcess,
} from '../../../../connectors/xero/test/sandbox-process';
import type { XeroConnector } from '../../../../connectors/xero/src/xero-connector';

export interface XeroTestHarness extends Harness {
  sandboxUrl: string;
}

export async function harnessFor(sandboxDatabaseUrl: string): Promise<XeroTestHarness> {
  const sandbox: SandboxProcess = await startSandboxProcess({ SANDBOX_DATABASE_URL: sandboxDatabaseUrl });
  try {
    const h = await harness(sandbox.url);
    return {
      ...h,
      sandboxUrl: sandbox.url,
      close: async () => {
        await h.close();
        await sandbox.stop();
      },
    };
  } catch (e) {
    await sandbox.stop();
    throw e;
  }
}

/** A new sandbox organisation of `country`, connected to `tenantId` through the real code flow. */
export async function connectedTenantFor(
  h: XeroTestHarness,
  c: XeroConnector,
  tenantId: string,
  country: 'NZ' | 'AU' | 'UK' | 'US',
) {
  const created = await json(`${h.sandboxUrl}/xero-control/organisations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userEmail: `u-${randomUUID().slice(0, 8)}@example.test`, country }),
  });
  if (created.status !== 201) throw new Error(`create organisation: ${created.status} ${JSON.stringify(created.body)}`);
  const sandboxOrg = created.body as SandboxOrg;
  const state = randomUUID();
  const url = await c.identity.consentUrl({ redirectUri: REDIRECT, scopes: c.settings.scopes, state });
  const back = await consent(url, h.sandboxUrl, sandboxOrg, [sandboxOrg.tenantId]);
  const result = await c.grants.completeAuthorisation(tenantId, null, {
    params: back.searchParams,
    expectedState: state,
  });
  const connectionId = result.connections[0]?.id;
  if (!connectionId) throw new Error(`no connection: ${JSON.stringify(result.refused)}`);
  const org = await c.orgs.forConnection(tenantId, connectionId);
  return { sandboxOrg, org, connectionId };
}
