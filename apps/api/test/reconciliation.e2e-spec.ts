// Reconciliation over HTTP against real PostgreSQL: a run is queued by an admin (the worker's
// reconcile-run job is driven here, no worker runs in this suite), read by a viewer with its
// differences grouped by class, and a difference approved (its X3 record queued again through the
// pending-change path, a drain asked for) or dismissed; a fix Xero would refuse (a paid document)
// is a credit note an accountant makes, never applied as an edit. Roles, other tenants' ids and
// hostile input included.
import Bull from 'bull';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { QUEUE_SETTINGS } from '#lb/queues';
import { reconcileRun } from '#lb/reconciliation';
import { ownerDataSource, runtimeDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('reconciliation API', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let runtime: DataSource;
  let tx: TenantTransactions;
  let redisUrl: string;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let tenantId: string;
  let integrationId: string;
  let strangerIntegrationId: string;
  let base: string;

  const seedCopy = (side: 'x3' | 'xero', number: string, over: Record<string, string> = {}) =>
    owner.query(
      `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, counterparty,
         document_date, currency, total, amount_due, status, seen_at)
       VALUES ($1, $2, $3, 'invoice', $4, $5, 'C001', '2026-11-20', $6, $7, $7, $8, now())`,
      [
        tenantId,
        integrationId,
        side,
        side === 'x3' ? number : `xero-${number}`,
        number,
        over.currency ?? 'NZD',
        over.total ?? '100.00',
        over.status ?? 'authorised',
      ],
    );

  /** A job the api queued: in the outbox, or already relayed to Bull (no worker takes it here). */
  const jobsFor = async (queue: string, name: string, field: string, value: string) => {
    const outbox = await owner.query(
      `SELECT 1 FROM job_outbox WHERE queue_name = $1 AND job_name = $2 AND payload->>$3 = $4`,
      [queue, name, field, value],
    );
    const bull = new Bull(queue, redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    try {
      const jobs = await bull.getJobs(['waiting', 'delayed', 'paused', 'active']);
      return outbox.length + jobs.filter((j) => j?.name === name && j.data?.[field] === value).length;
    } finally {
      await bull.close();
    }
  };

  beforeAll(async () => {
    redisUrl = await isolatedRedisUrl(); // no worker takes this suite's jobs: they can be looked at
    world = await startXeroWorld({ REDIS_URL: redisUrl }, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    tx = new TenantTransactions(runtime);
    admin = await signedUpOwner(world, 'recon');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'recon-stranger');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    integrationId = (await pairByHand(world, admin)).integrationId;
    strangerIntegrationId = (await pairByHand(world, stranger)).integrationId;
    base = `/api/integrations/${integrationId}/reconciliation`;
    const starter = await change(world, admin.browser, 'POST', `/api/integrations/${integrationId}/flows/starter`);
    expect(starter.status).toBeLessThan(300);
    await seedCopy('x3', 'INV-CLEAN');
    await seedCopy('xero', 'INV-CLEAN');
    await seedCopy('x3', 'INV-MISSING');
    await seedCopy('x3', 'INV-CENT');
    await seedCopy('xero', 'INV-CENT', { total: '100.01' });
    await seedCopy('x3', 'INV-PAID', { status: 'paid', total: '100.00' });
    await seedCopy('xero', 'INV-PAID');
    await seedCopy('x3', 'INV-XPAID', { status: 'paid', total: '120.00' });
    // a number a spreadsheet would run as a formula, keyed in X3 only
    await seedCopy('x3', '=HYPERLINK("http://evil.example","x")');
    await seedCopy('xero', 'INV-XPAID', { status: 'paid' });
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await world?.close();
  });

  /** What the worker's reconcile-run job does with the queued run. */
  const runQueued = async () => {
    const started = await change(world, admin.browser, 'POST', `${base}/runs`, { asOf: '2026-11-30' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'queued', asOf: '2026-11-30', integrationId });
    expect(await jobsFor('maintenance', 'reconcile-run', 'runId', started.body.id as string)).toBeGreaterThan(0);
    await reconcileRun({ tx }, tenantId, started.body.id as string);
    return started.body.id as string;
  };

  it('an admin starts a run; a viewer reads it with its differences grouped by class', async () => {
    const runId = await runQueued();
    const list = await read(world, viewer.browser, `${base}/runs`);
    expect(list.status).toBe(200);
    expect(list.body[0]).toMatchObject({ id: runId, state: 'done' });
    const detail = await read(world, viewer.browser, `${base}/runs/${runId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.run.counts).toMatchObject({ compared: 6, missingInXero: 2, amount: 1, rounding: 1, status: 1 });
    const groups = detail.body.groups as Array<{ differenceClass: string; count: number; differences: unknown[] }>;
    expect(groups.map((g) => [g.differenceClass, g.count])).toEqual([
      ['missingInXero', 2],
      ['amount', 1],
      ['rounding', 1],
      ['status', 1],
    ]);
    expect(groups[0].differences).toContainEqual(
      expect.objectContaining({ matchKey: 'INV-MISSING', fix: expect.objectContaining({ action: 'resend-x3' }) }),
    );
  });

  it('approving a missing invoice queues the X3 record again through the pending-change path', async () => {
    const runId = await runQueued();
    const detail = await read(world, admin.browser, `${base}/runs/${runId}`);
    const missing = detail.body.groups
      .find((g: { differenceClass: string }) => g.differenceClass === 'missingInXero')
      .differences.find((d: { matchKey: string }) => d.matchKey === 'INV-MISSING');
    const approved = await change(
      world,
      admin.browser,
      'POST',
      `${base}/runs/${runId}/differences/${missing.id}/approve`,
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'applied' });
    const [pending] = await owner.query(
      `SELECT flow_key, state, lane, source FROM sync_pending_changes WHERE integration_id = $1 AND source_key = 'INV-MISSING'`,
      [integrationId],
    );
    expect(pending).toMatchObject({ state: 'pending', lane: 0, source: null });
    expect(await jobsFor('sync', 'drain', 'flowKey', pending.flow_key as string)).toBeGreaterThan(0);
    // decided once
    const again = await change(world, admin.browser, 'POST', `${base}/runs/${runId}/differences/${missing.id}/dismiss`);
    expect(again.status).toBe(409);
  });

  it('a paid Xero document is proposed a credit note: approving it is refused (an accountant makes it), dismissing works', async () => {
    const runId = await runQueued();
    const detail = await read(world, admin.browser, `${base}/runs/${runId}`);
    const group = (cls: string) =>
      detail.body.groups.find((g: { differenceClass: string }) => g.differenceClass === cls).differences[0];
    // X3 paid, Xero not: the payments flow carries X3's payment (re-sending the document would not)
    expect(group('status').fix).toMatchObject({
      action: 'none',
      description: expect.stringContaining('payments flow'),
    });
    const forFlow = await change(
      world,
      admin.browser,
      'POST',
      `${base}/runs/${runId}/differences/${group('status').id}/approve`,
    );
    expect(forFlow.status).toBe(409);
    const paid = group('amount');
    expect(paid).toMatchObject({ matchKey: 'INV-XPAID', fix: { action: 'credit-note', amount: '20' } });
    const refused = await change(world, admin.browser, 'POST', `${base}/runs/${runId}/differences/${paid.id}/approve`);
    expect(refused.status).toBe(409);
    const [n] = await owner.query(
      `SELECT count(*)::int AS n FROM sync_pending_changes WHERE integration_id = $1 AND source_key = 'INV-XPAID'`,
      [integrationId],
    );
    expect(n.n).toBe(0);
    const dismissed = await change(
      world,
      admin.browser,
      'POST',
      `${base}/runs/${runId}/differences/${paid.id}/dismiss`,
    );
    expect(dismissed.body).toMatchObject({ state: 'dismissed' });
  });

  it('refuses a viewer every change (403) and lets the viewer read', async () => {
    const runId = await runQueued();
    expect((await change(world, viewer.browser, 'POST', `${base}/runs`, {})).status).toBe(403);
    const path = `${base}/runs/${runId}/differences/${NOBODY}/approve`;
    expect((await change(world, viewer.browser, 'POST', path)).status).toBe(403);
    expect((await read(world, viewer.browser, `${base}/runs/${runId}`)).status).toBe(200);
  });

  it("answers 404 for another tenant's integration, run and difference ids", async () => {
    const runId = await runQueued();
    const theirs = `/api/integrations/${strangerIntegrationId}/reconciliation`;
    expect((await change(world, admin.browser, 'POST', `${theirs}/runs`, {})).status).toBe(404);
    expect((await read(world, admin.browser, `${theirs}/runs`)).status).toBe(404);
    // the stranger reaching our run through their own integration, or straight
    const strangerBase = `/api/integrations/${strangerIntegrationId}/reconciliation`;
    expect((await read(world, stranger.browser, `${strangerBase}/runs/${runId}`)).status).toBe(404);
    expect((await read(world, stranger.browser, `${base}/runs/${runId}`)).status).toBe(404);
    const detail = await read(world, admin.browser, `${base}/runs/${runId}`);
    const id = detail.body.groups[0].differences[0].id;
    expect(
      (await change(world, stranger.browser, 'POST', `${base}/runs/${runId}/differences/${id}/approve`)).status,
    ).toBe(404);
    expect((await read(world, admin.browser, `${base}/runs/${runId}`)).body.groups[0].differences[0].state).toBe(
      'open',
    );
  });

  it('answers 400 to hostile input', async () => {
    for (const asOf of ['yesterday', '2026-02-30', "2026-11-30'; DROP TABLE recon_runs;--", 20261130, '9999-99-99']) {
      const res = await change(world, admin.browser, 'POST', `${base}/runs`, { asOf });
      expect([asOf, res.status]).toEqual([asOf, 400]);
    }
    expect((await change(world, admin.browser, 'POST', `${base}/runs`, { asOf: '2026-11-30', extra: 1 })).status).toBe(
      400,
    );
    expect((await read(world, admin.browser, `${base}/runs/not-a-uuid`)).status).toBe(400);
    expect((await read(world, admin.browser, `/api/integrations/not-a-uuid/reconciliation/runs`)).status).toBe(400);
    const wrongDecision = `${base}/runs/${NOBODY}/differences/${NOBODY}/delete`;
    expect((await change(world, admin.browser, 'POST', wrongDecision)).status).toBe(400);
    expect((await read(world, admin.browser, `${base}/runs/${NOBODY}`)).status).toBe(404);
  });

  it('keeps a schedule: an admin sets it, a viewer reads it, a stranger and hostile input change nothing', async () => {
    const schedule = `${base}/schedule`;
    expect((await read(world, viewer.browser, schedule)).body).toEqual({ schedule: null });
    const set = await change(world, admin.browser, 'PUT', schedule, { cadence: 'monthly', hourUtc: 2, enabled: true });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ integrationId, cadence: 'monthly', hourUtc: 2, enabled: true, lastRunId: null });
    expect(set.body.nextRunAt).toMatch(/^\d{4}-\d{2}-01T02:00:00\.000Z$/);
    expect((await read(world, viewer.browser, schedule)).body.schedule).toEqual(set.body);

    const daily = { cadence: 'daily', hourUtc: 6, enabled: true };
    expect((await change(world, viewer.browser, 'PUT', schedule, daily)).status).toBe(403);
    expect((await change(world, viewer.browser, 'DELETE', schedule)).status).toBe(403);
    const theirs = `/api/integrations/${strangerIntegrationId}/reconciliation/schedule`;
    expect((await change(world, admin.browser, 'PUT', theirs, daily)).status).toBe(404);
    expect((await read(world, stranger.browser, schedule)).status).toBe(404);
    expect((await change(world, stranger.browser, 'DELETE', schedule)).status).toBe(404);
    for (const body of [
      { ...daily, cadence: 'hourly' },
      { ...daily, hourUtc: 24 },
      { ...daily, hourUtc: -1 },
      { ...daily, hourUtc: 6.5 },
      { ...daily, hourUtc: '6' },
      { ...daily, enabled: 'yes' },
      { ...daily, extra: 1 },
      { cadence: 'daily' },
    ]) {
      const res = await change(world, admin.browser, 'PUT', schedule, body);
      expect([body, res.status]).toEqual([body, 400]);
    }
    expect((await read(world, viewer.browser, schedule)).body.schedule).toEqual(set.body);

    expect((await change(world, admin.browser, 'DELETE', schedule)).status).toBe(204);
    expect((await read(world, viewer.browser, schedule)).body).toEqual({ schedule: null });
  });

  it('exports a run as CSV (every difference, formulas neutralised) and as PDF, to viewers; 404 to strangers', async () => {
    const runId = await runQueued();
    const csvPath = `${base}/runs/${runId}/differences.csv`;
    const res = await viewer.browser.go(`${world.api.url}${csvPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="reconciliation-2026-11-30-/);
    const rows = parse<Record<string, string>>(res.text, { columns: true });
    expect(rows.map((r) => [r.class, r.match_key]).sort()).toEqual([
      ['amount', 'INV-XPAID'],
      ['missingInXero', `'=HYPERLINK("http://evil.example","x")`],
      ['missingInXero', 'INV-MISSING'],
      ['rounding', 'INV-CENT'],
      ['status', 'INV-PAID'],
    ]);
    const cent = rows.find((r) => r.match_key === 'INV-CENT')!;
    expect(cent).toMatchObject({ x3_total: '100.00', xero_total: '100.01', x3_status: 'authorised', state: 'open' });
    expect(rows.find((r) => r.match_key === 'INV-PAID')!.suggested_fix).toMatch(/^none: check the payments flow/);

    const pdf = await viewer.browser.go(`${world.api.url}${base}/runs/${runId}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF-1.')).toBe(true);
    expect(pdf.text.trimEnd().endsWith('%%EOF')).toBe(true);

    for (const path of [csvPath, `${base}/runs/${runId}/report.pdf`]) {
      expect((await stranger.browser.go(`${world.api.url}${path}`)).status).toBe(404);
    }
    const theirs = `/api/integrations/${strangerIntegrationId}/reconciliation/runs/${runId}/differences.csv`;
    expect((await admin.browser.go(`${world.api.url}${theirs}`)).status).toBe(404);
    expect((await admin.browser.go(`${world.api.url}${base}/runs/not-a-uuid/report.pdf`)).status).toBe(400);
    expect((await admin.browser.go(`${world.api.url}${base}/runs/${NOBODY}/differences.csv`)).status).toBe(404);
  });

  it('packs the month end in one download: CSV, PDF and summary of its latest finished run', async () => {
    const runId = await runQueued(); // as of 2026-11-30
    const url = `${world.api.url}${base}/month-end-pack?month=2026-11`;
    const res = await fetch(url, { headers: { cookie: viewer.browser.cookieHeader(url) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="month-end-2026-11.zip"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['differences.csv', 'report.pdf', 'summary.txt']);
    const rows = parse<Record<string, string>>(Buffer.from(files['differences.csv']).toString('utf8'), {
      columns: true,
    });
    expect(rows).toHaveLength(5);
    expect(Buffer.from(files['report.pdf']).subarray(0, 7).toString('latin1')).toBe('%PDF-1.');
    const summary = Buffer.from(files['summary.txt']).toString('utf8');
    expect(summary).toContain(`Run: ${runId}`);
    expect(summary).toContain('Month: 2026-11 (as of 2026-11-30)');

    const none = await read(world, admin.browser, `${base}/month-end-pack?month=2026-10`);
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/no finished reconciliation as of 2026-10-31: run one/);
    for (const month of ['2026-13', '2026-1', 'november', "2026-11' OR 1=1", '']) {
      const bad = await read(world, admin.browser, `${base}/month-end-pack?month=${encodeURIComponent(month)}`);
      expect([month, bad.status]).toEqual([month, 400]);
    }
    const theirs = `/api/integrations/${strangerIntegrationId}/reconciliation/month-end-pack?month=2026-11`;
    expect((await read(world, admin.browser, theirs)).status).toBe(404);
    expect((await read(world, stranger.browser, `${base}/month-end-pack?month=2026-11`)).status).toBe(404);
  });
  it('create-in-x3: refused (409, nothing queued) without an enabled flow reading the entity from Xero; applied through one', async () => {
    // seeded last: the earlier tests count this integration's differences
    const xeroOnly = (entity: string, key: string) =>
      owner.query(
        `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, status, seen_at)
         VALUES ($1, $2, 'xero', $3, $4, $5, 'active', now())`,
        [tenantId, integrationId, entity, key.toLowerCase(), key],
      );
    const contactId = 'AAAAAAAA-0000-4000-8000-00000000C701';
    await xeroOnly('invoice', 'INV-XERO-ONLY');
    await xeroOnly('customer', contactId);
    const runId = await runQueued();
    const detail = await read(world, admin.browser, `${base}/runs/${runId}`);
    const missing = detail.body.groups.find((g: { differenceClass: string }) => g.differenceClass === 'missingInX3')
      .differences as Array<{ id: string; entity: string; fix: { action: string; target: string } }>;
    const of = (entity: string) => missing.find((d) => d.entity === entity)!;
    expect(missing.map((d) => [d.entity, d.fix.action]).sort()).toEqual([
      ['customer', 'create-in-x3'],
      ['invoice', 'create-in-x3'],
    ]);
    const approve = (id: string) =>
      change(world, admin.browser, 'POST', `${base}/runs/${runId}/differences/${id}/approve`);
    const queued = async (key: string) =>
      owner.query<Array<{ flow_key: string; direction: string; state: string; lane: number; source: unknown }>>(
        `SELECT flow_key, direction, state, lane, source FROM sync_pending_changes WHERE integration_id = $1 AND source_key = $2`,
        [integrationId, key],
      );

    // invoices only go from X3 to Xero; the starter customers flow (both ways) is switched off
    for (const [entity, key] of [
      ['invoice', 'inv-xero-only'],
      ['customer', contactId.toLowerCase()],
    ]) {
      const refused = await approve(of(entity).id);
      expect([entity, refused.status]).toEqual([entity, 409]);
      expect(JSON.stringify(refused.body)).toContain(`no enabled flow carries ${entity} records from Xero to X3`);
      expect(await queued(key)).toEqual([]);
    }
    const still = await read(world, viewer.browser, `${base}/runs/${runId}`);
    const states = still.body.groups.flatMap(
      (g: { differences: Array<{ id: string; state: string }> }) => g.differences,
    );
    expect(states.find((d: { id: string }) => d.id === of('customer').id).state).toBe('open');

    // with the customers flow on, the Xero contact is queued on its xero→x3 path (the drain fetches it)
    const on = await change(world, admin.browser, 'POST', `/api/integrations/${integrationId}/flows/customers/enable`);
    expect(on.status).toBe(200);
    const applied = await approve(of('customer').id);
    expect([applied.status, applied.body.state]).toEqual([200, 'applied']);
    expect(await queued(contactId.toLowerCase())).toEqual([
      { flow_key: 'customers', direction: 'xero-to-x3', state: 'pending', lane: 0, source: null },
    ]);
    expect(await jobsFor('sync', 'drain', 'flowKey', 'customers')).toBeGreaterThan(0);
  });
});
