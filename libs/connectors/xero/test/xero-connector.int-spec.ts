import { randomUUID } from 'node:crypto';
import { SecretRecord } from '#lb/database';
import { createTenant, eventually, requireEnv } from '#lb/testing';
import { XeroConnection } from '../src/entities/xero-connection.entity';
import { XeroGrant } from '../src/entities/xero-grant.entity';
import { XeroWriteBatch } from '../src/entities/xero-write-batch.entity';
import { XeroCallError } from '../src/errors/xero-call-error';
import { connectedTenant, harness, Harness } from './connector-harness';
import { consent, control, SandboxOrg, startSandboxProcess, SandboxProcess } from './sandbox-process';

const invoice = (n: string, contactName: string, amount = '100.00') => ({
  type: 'ACCREC',
  contact: { name: contactName },
  date: '2026-11-20',
  dueDate: '2026-12-20',
  invoiceNumber: n,
  reference: `ref-${n}`,
  status: 'AUTHORISED',
  lineAmountTypes: 'Exclusive',
  lineItems: [
    { description: 'Widget', quantity: 2, unitAmount: Number(amount), accountCode: '200', taxType: 'OUTPUT2' },
  ],
});

describe('Xero connector against the sandbox (real PostgreSQL, Redis, HTTP)', () => {
  let sb: SandboxProcess;
  let h: Harness;

  beforeAll(async () => {
    sb = await startSandboxProcess({ SANDBOX_DATABASE_URL: requireEnv('SANDBOX_DATABASE_URL') });
    h = await harness(sb.url);
  });
  afterAll(async () => {
    await h?.close();
    await sb?.stop();
  });

  it('completes the code flow: one grant with an encrypted token set, one connection per organisation', async () => {
    const c = h.connector();
    const { tenantId, result, org } = await connectedTenant(h, sb.url, c);
    expect(result.refused).toEqual([]);
    expect(result.connections).toEqual([expect.objectContaining({ xeroTenantId: org.tenantId })]);
    const [grant, conns, secret] = await h.tx.run(tenantId, async (m) => {
      const g = await m.findOneOrFail(XeroGrant, { where: { id: result.grantId } });
      return [
        g,
        await m.find(XeroConnection),
        await m.findOneOrFail(SecretRecord, { where: { id: g.secretId } }),
      ] as const;
    });
    expect(grant.status).toBe('active');
    expect(conns.map((x) => x.status)).toEqual(['active']);
    expect(secret.ciphertext).not.toMatch(/eyJ/); // no JWT in the clear
    // the organisation belongs to this tenant: another tenant is refused
    const again = await connectedTenantSameOrg(h, sb.url, c, org);
    expect(again.result.connections).toEqual([]);
    expect(again.result.refused[0].message).toMatch(/already connected to another Ledgerbridge account/);
  });

  it('writes a mixed batch: per-record outcomes with Xero ids or Xero messages, none lost', async () => {
    const c = h.connector();
    const { tenantId, connectionId } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const p = randomUUID().slice(0, 6);
    const records = [
      invoice(`INV-${p}-1`, 'Mixed Ltd'),
      { ...invoice(`INV-${p}-2`, 'Mixed Ltd'), lineItems: [], contact: {} },
      invoice(`INV-${p}-3`, 'Mixed Ltd'),
    ];
    const batchId = await c.batches.prepare(tenantId, connectionId, 'invoices', 'create', records);
    const r = await c.batches.send(org, batchId);
    expect(r.outcomes).toHaveLength(3);
    expect(r.outcomes.map((o) => o.status)).toEqual(['ok', 'error', 'ok']);
    expect(r.outcomes[0].xeroId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.outcomes[2].xeroId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.outcomes[1].messages.length).toBeGreaterThan(0);
    const stored = await h.tx.run(tenantId, (m) => m.findOneOrFail(XeroWriteBatch, { where: { id: batchId } }));
    expect(stored.status).toBe('done');
    expect(stored.outcomes).toEqual(r.outcomes);
  });

  it('resends the same batch under the same Idempotency-Key: one invoice', async () => {
    const c = h.connector();
    const { tenantId, connectionId } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const number = `INV-${randomUUID().slice(0, 8)}`;
    const batchId = await c.batches.prepare(tenantId, connectionId, 'invoices', 'create', [
      invoice(number, 'Idem Ltd'),
    ]);
    const first = await c.batches.send(org, batchId);
    // a crash after Xero answered but before we stored it: the batch is still "sending"
    await h.tx.run(tenantId, (m) => m.update(XeroWriteBatch, { id: batchId }, { status: 'sending', outcomes: null }));
    const second = await c.batches.send(org, batchId);
    expect(second.outcomes[0].xeroId).toBe(first.outcomes[0].xeroId);
    const found = await c.reads.listPage(org, 'invoices', { where: `InvoiceNumber=="${number}"` });
    expect(found.records).toHaveLength(1);
  });

  it('after an ambiguous timeout, a retry finds the invoice by number instead of posting twice', async () => {
    // the short deadline (well under the sandbox's delay) is for the slow call only: the looks and
    // the retry use the default one, as a 3 s deadline is within what a loaded machine adds to a call
    const c = h.connector({ callTimeoutMs: 3_000 });
    const d = h.connector();
    const { tenantId, connectionId, org: sorg } = await connectedTenant(h, sb.url, d);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const orgAtDefault = await d.orgs.forConnection(tenantId, connectionId);
    const number = `INV-${randomUUID().slice(0, 8)}`;
    const batchId = await c.batches.prepare(tenantId, connectionId, 'invoices', 'create', [
      invoice(number, 'Slow Ltd'),
    ]);
    expect(
      (await control(sb.url, sorg, 'POST', '/faults', { kind: 'slow', delayMs: 15_000, count: 1 })).status,
    ).toBeLessThan(300);
    await expect(c.batches.send(org, batchId)).rejects.toMatchObject({ kind: 'unknown-outcome' });
    expect((await h.tx.run(tenantId, (m) => m.findOneOrFail(XeroWriteBatch, { where: { id: batchId } }))).status).toBe(
      'ambiguous',
    );
    // the slow request lands at Xero after we gave up on it; one look every 2 s, as each look is
    // a call against the organisation's 60 a minute
    let lookedAt = 0;
    await eventually(
      'the slow invoice to land',
      async () => {
        if (Date.now() - lookedAt < 2_000) return undefined;
        lookedAt = Date.now();
        const found = await d.reads.listPage(orgAtDefault, 'invoices', { where: `InvoiceNumber=="${number}"` });
        return found.records.length === 1 || undefined;
      },
      60_000,
    );
    const retry = await d.batches.send(orgAtDefault, batchId);
    expect(retry.status).toBe('done');
    expect(retry.outcomes[0]).toMatchObject({ status: 'ok', naturalKey: number });
    const found = await d.reads.listPage(orgAtDefault, 'invoices', { where: `InvoiceNumber=="${number}"` });
    expect(found.records).toHaveLength(1);
  });

  it('an update whose request was lost before Xero saw it is resent, not taken as done because the contact exists', async () => {
    const c = h.connector();
    const { tenantId, connectionId, org: sorg } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const number = `C-${randomUUID().slice(0, 8)}`;
    const created = await c.batches.send(
      org,
      await c.batches.prepare(tenantId, connectionId, 'contacts', 'create', [
        { contactNumber: number, name: `Old ${number}` },
      ]),
    );
    const contactID = created.outcomes[0].xeroId!;
    const batchId = await c.batches.prepare(tenantId, connectionId, 'contacts', 'upsert', [
      { contactID, contactNumber: number, name: `New ${number}` },
    ]);
    // the connection drops before Xero reads the request: the outcome is unknown, nothing landed
    expect((await control(sb.url, sorg, 'POST', '/faults', { kind: 'drop', count: 1 })).status).toBeLessThan(300);
    await expect(c.batches.send(org, batchId)).rejects.toMatchObject({ kind: 'unknown-outcome' });
    const retry = await c.batches.send(org, batchId);
    expect(retry.outcomes[0]).toMatchObject({ status: 'ok', xeroId: contactID });
    const found = await c.reads.listPage(org, 'contacts', { where: `ContactNumber=="${number}"` });
    expect(found.records.map((r) => r.name)).toEqual([`New ${number}`]);
  });

  it('fails every call by its deadline + 1 s under the hang fault', async () => {
    const c = h.connector({ callTimeoutMs: 1_500 });
    // connected with the default deadline: the short one is for the calls under test, not the sign-in
    const { tenantId, connectionId, org: sorg } = await connectedTenant(h, sb.url, h.connector());
    const org = await c.orgs.forConnection(tenantId, connectionId);
    expect((await control(sb.url, sorg, 'POST', '/faults', { kind: 'hang', count: 3 })).status).toBeLessThan(300);
    const timings = await Promise.all(
      [0, 1, 2].map(async () => {
        const t0 = Date.now();
        const e = await c.reads.listPage(org, 'contacts', {}).catch((x) => x);
        return { ms: Date.now() - t0, e };
      }),
    );
    for (const t of timings) {
      expect(t.e).toBeInstanceOf(XeroCallError);
      expect(t.e.kind).toBe('transient');
      // the hang lasts 60 s: ending far sooner shows our 1.5 s call timeout fired (a loaded host
      // adds seconds of scheduling, so the bound is loose on purpose)
      expect(t.ms).toBeLessThan(20_000);
    }
    await control(sb.url, sorg, 'DELETE', '/faults');
  });

  it("notices a disconnect made in Xero's Connected Apps and marks the connection", async () => {
    const c = h.connector();
    const { tenantId, connectionId, org: sorg } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    expect((await c.reads.listPage(org, 'contacts', {})).records).toBeDefined();
    const r = await control(sb.url, sorg, 'POST', `/connected-apps/${h.app.clientId}/disconnect`);
    expect(r.status).toBeLessThan(300);
    await expect(c.reads.listPage(org, 'contacts', {})).rejects.toMatchObject({ kind: 'auth' });
    const row = await h.tx.run(tenantId, (m) => m.findOneOrFail(XeroConnection, { where: { id: connectionId } }));
    expect(row).toMatchObject({ status: 'disconnected', statusReason: 'disconnected in Xero' });
    await expect(c.orgs.forConnection(tenantId, connectionId)).rejects.toMatchObject({ kind: 'auth' });
  });

  it('rotates refresh tokens; a revoked grant is marked once and then fails fast', async () => {
    const c = h.connector();
    const { tenantId, result, org: sorg } = await connectedTenant(h, sb.url, c);
    const before = await h.tx.run(tenantId, async (m) =>
      c.tokens.readSet(m, await m.findOneOrFail(XeroGrant, { where: { id: result.grantId } })),
    );
    const after = await c.tokens.refresh(tenantId, result.grantId, true);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect((await control(sb.url, sorg, 'POST', '/revoke-tokens', { clientId: h.app.clientId })).status).toBeLessThan(
      300,
    );
    await expect(c.tokens.refresh(tenantId, result.grantId, true)).rejects.toMatchObject({
      kind: 'auth',
      authReason: 'invalid_grant',
    });
    const [grant, conns] = await h.tx.run(
      tenantId,
      async (m) =>
        [await m.findOneOrFail(XeroGrant, { where: { id: result.grantId } }), await m.find(XeroConnection)] as const,
    );
    expect(grant.status).toBe('needs_reauth');
    expect(conns.every((x) => x.status === 'needs_reauth')).toBe(true);
    const t0 = Date.now();
    await expect(c.tokens.accessToken(tenantId, result.grantId)).rejects.toMatchObject({ kind: 'auth' });
    // fails fast from our database (Xero is not asked again); the bound is loose for loaded hosts
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('obeys a forced minute 429: the organisation is parked until Retry-After', async () => {
    const c = h.connector();
    const { tenantId, connectionId, org: sorg } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const forced = await control(sb.url, sorg, 'POST', '/rate-limit', {
      problem: 'minute',
      seconds: 120, // never waited out: long enough that the second call is surely still parked
      clientId: h.app.clientId,
    });
    expect(forced.status).toBeLessThan(300);
    const e = await c.reads.listPage(org, 'contacts', {}).catch((x) => x);
    expect(e).toMatchObject({ kind: 'rate-limited', problem: 'minute' });
    expect(e.retryAt.getTime()).toBeGreaterThan(Date.now());
    // no slot until then: told when to come back, nothing sent
    await expect(c.reads.listPage(org, 'contacts', {})).rejects.toMatchObject({
      kind: 'rate-limited',
      problem: 'parked',
    });
  });

  it('obeys a forced day 429: the organisation is parked until the day window reopens, other organisations are not', async () => {
    const c = h.connector();
    const { tenantId, connectionId, org: sorg } = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(tenantId, connectionId);
    const other = await connectedTenant(h, sb.url, c);
    const otherOrg = await c.orgs.forConnection(other.tenantId, other.connectionId);
    const forced = await control(sb.url, sorg, 'POST', '/rate-limit', {
      problem: 'day',
      seconds: 3600,
      clientId: h.app.clientId,
    });
    expect(forced.status).toBeLessThan(300);
    const e = await c.reads.listPage(org, 'contacts', {}).catch((x) => x);
    expect(e).toMatchObject({ kind: 'rate-limited', problem: 'day' });
    // Parked for the whole Retry-After: an hour of Xero time, however many times we ask.
    const parked = await c.reads.listPage(org, 'contacts', {}).catch((x) => x);
    expect(parked).toMatchObject({ kind: 'rate-limited', problem: 'parked' });
    expect(parked.retryAt.getTime() - Date.now()).toBeGreaterThan((3600_000 / c.settings.clockScale) * 0.9);
    await expect(c.reads.listPage(otherOrg, 'contacts', {})).resolves.toBeDefined();
  });
});

async function connectedTenantSameOrg(
  h: Harness,
  sandboxUrl: string,
  c: ReturnType<Harness['connector']>,
  org: SandboxOrg,
) {
  const tenantId = await createTenant(h.tx);
  const url = await c.identity.consentUrl({
    redirectUri: 'http://127.0.0.1:5999/api/xero/callback',
    scopes: c.settings.scopes,
    state: 's',
  });
  const back = await consent(url, sandboxUrl, org, [org.tenantId]);
  const result = await c.grants.completeAuthorisation(tenantId, null, {
    params: back.searchParams,
    expectedState: 's',
  });
  return { tenantId, result };
}
