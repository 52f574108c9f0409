// Helpers for the flows and operations suites: members of one tenant in each role, a hand-made pair.
import Bull from 'bull';
import { DataSource } from 'typeorm';
import { QUEUE_SETTINGS } from '#lb/queues';
import { CookieBrowser } from '#lb/testing';
import { TestOrg } from '../../sandbox/src/xero/testing/sandbox-harness';
import { provisionFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  connectXero,
  invitationToken,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

export interface Member {
  browser: CookieBrowser;
  org: TestOrg;
}

/** Someone who signs up: the owner of a fresh tenant. */
export async function signedUpOwner(world: XeroWorld, prefix: string): Promise<Member> {
  const org = await newOrg(world, uniqueEmail(prefix));
  const browser = new CookieBrowser();
  await signInWithXero(world, browser, org);
  return { browser, org };
}

/** A viewer invited into `owner`'s tenant, signed in. */
export async function invitedViewer(world: XeroWorld, ownerDs: DataSource, owner: Member): Promise<Member> {
  const org = await newOrg(world, uniqueEmail('viewer'));
  const invited = await change(world, owner.browser, 'POST', '/api/tenant/invitations', {
    email: org.userEmail,
    role: 'viewer',
  });
  if (invited.status !== 201) throw new Error(`invitation refused: ${invited.status}`);
  const browser = new CookieBrowser();
  await change(world, browser, 'POST', '/api/invitations/accept', {
    token: await invitationToken(ownerDs, org.userEmail),
  });
  await signInWithXero(world, browser, org);
  return { browser, org };
}

/** Connects the member's own Xero organisation and a fresh X3 folder, and pairs them (by default NZ10, NZD). */
export async function pairByHand(
  world: XeroWorld,
  member: Member,
  x3Company = 'NZ10',
): Promise<{ integrationId: string; xeroId: string }> {
  await connectXero(world, member.browser, member.org);
  const folder = await provisionFolder(world.sandbox.url);
  const a = folder.connectedApplication;
  const x3 = await change(world, member.browser, 'POST', '/api/connections/x3', {
    name: 'By hand',
    baseUrl: world.sandbox.url,
    folder: folder.folder,
    companies: [],
    auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
  });
  if (x3.status !== 201) throw new Error(`X3 connection refused: ${x3.status} ${JSON.stringify(x3.body)}`);
  const xero = (await read(world, member.browser, '/api/connections')).body.xero as Array<{
    id: string;
    xeroTenantId: string;
  }>;
  const xeroId = xero.find((c) => c.xeroTenantId === member.org.tenantId)!.id;
  const pair = await change(world, member.browser, 'POST', '/api/integrations', {
    name: 'By hand',
    xeroConnectionId: xeroId,
    x3ConnectionId: x3.body.id,
    x3Company,
  });
  if (pair.status !== 201) throw new Error(`pairing refused: ${pair.status} ${JSON.stringify(pair.body)}`);
  return { integrationId: pair.body.id as string, xeroId };
}

/** Makes the member's last Sign in with Xero older than the re-authentication window. */
export async function staleAuth(world: XeroWorld, ownerDs: DataSource, member: Member): Promise<void> {
  await ownerDs.query(
    `UPDATE sessions SET data = jsonb_set(data, '{reauthAt}', '0') WHERE data->'member'->>'userId' = $1`,
    [(await sessionOf(world, member.browser)).user!.id],
  );
}

/** Jobs of the sync queue for one integration (waiting or delayed: no worker runs in these suites). */
export async function syncJobsOf(
  redisUrl: string,
  integrationId: string,
): Promise<Array<{ name: string; flowKey: string; id: string }>> {
  const queue = new Bull('sync', redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
  try {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'paused']);
    return jobs
      .filter((j) => j?.data?.integrationId === integrationId)
      .map((j) => ({ name: j.name, flowKey: String(j.data.flowKey), id: String(j.id) }));
  } finally {
    await queue.close();
  }
}

/** A settled pending change written as the drain would leave it (the drain is another suite's). */
export async function seedSettled(
  ownerDs: DataSource,
  row: {
    tenantId: string;
    integrationId: string;
    flowKey: string;
    entity: string;
    sourceKey: string;
    state: 'dead' | 'held' | 'done';
    outcome?: Record<string, unknown>;
    error?: string;
    mappingVersion?: number;
    attempts?: number;
  },
): Promise<string> {
  const [inserted] = await ownerDs.query<Array<{ id: string }>>(
    `INSERT INTO sync_pending_changes
       (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, source, outcome,
        last_error, mapping_version, attempts, settled_at)
     VALUES ($1, $2, $3, $4, 'x3-to-xero', $5, 2, $6, '{"secretish": "the source record"}'::jsonb, $7::jsonb, $8, $9, $10, now())
     RETURNING id`,
    [
      row.tenantId,
      row.integrationId,
      row.flowKey,
      row.entity,
      row.sourceKey,
      row.state,
      JSON.stringify(row.outcome ?? {}),
      row.error ?? null,
      row.mappingVersion ?? null,
      row.attempts ?? 1,
    ],
  );
  return inserted.id;
}

/**
 * One drain run of the customers flow with its log lines, as the drain writes them (libs/sync/src/trail):
 * `key` mapped then refused (account 999), `key`X written.
 */
export async function seedRun(owner: DataSource, tenant: string, integration: string, key: string): Promise<string> {
  const [run] = await owner.query<Array<{ id: string }>>(
    `INSERT INTO sync_runs (tenant_id, integration_id, flow_key, direction, started_at, finished_at, claimed,
       created, dead, xero_calls, outcome, status)
     VALUES ($1, $2, 'customers', 'x3-to-xero', now() - interval '2 seconds', now(), 2, 1, 1, 1, 'partial', 'done')
     RETURNING id`,
    [tenant, integration],
  );
  const event = (kind: string, source: string, response: unknown, before: unknown = null) =>
    owner.query(
      `INSERT INTO sync_record_events (tenant_id, integration_id, run_id, flow_key, entity, direction, event, at,
         source_key, record_key, before, response)
       VALUES ($1, $2, $3, 'customers', 'customer', 'x3-to-xero', $4, now(), $5, $5, $6::jsonb, $7::jsonb)`,
      [tenant, integration, run.id, kind, source, JSON.stringify(before), JSON.stringify(response)],
    );
  await event('mapped', key, null, { _id: key, BPCNUM: key });
  await event('dead', key, { messages: ['Account code 999 is not valid'] });
  await event('written', `${key}X`, { action: 'created', targetId: 'xero-contact-2' });
  return run.id;
}
