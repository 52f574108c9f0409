// The GL part of reconciliation over HTTP against real PostgreSQL: the ledger settings (the day both
// ledgers are in step from, the control accounts) set by an admin, read by a viewer, refused to a
// viewer, a stranger and hostile input; and a run's GL comparison as members read it — in the run
// view, the PDF and the month-end pack's trial-balance.csv; an unmapped account's fix approved with
// its Xero code (the journals mapping's new version, audited as the admin's), refused without it,
// to a viewer, a stranger and hostile values. Computing the comparison against the
// sandboxes is libs/reconciliation/src/ledger/run-ledger.int-spec.ts; here a run holds one.
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { DataSource } from 'typeorm';
import { starterTemplate } from '#lb/mapping';
import { ownerDataSource } from '#lb/testing';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';
import { sampleLedger } from '../../../libs/reconciliation/src/ledger/testing/sample-ledger';

const LEDGER = sampleLedger('2026-11-30', '2026-11-01');

describe('reconciliation API: the general ledger', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let tenantId: string;
  let integrationId: string;
  let strangerIntegrationId: string;
  let base: string;

  beforeAll(async () => {
    world = await startXeroWorld({}, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'ledger');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'ledger-stranger');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    integrationId = (await pairByHand(world, admin)).integrationId;
    strangerIntegrationId = (await pairByHand(world, stranger)).integrationId;
    base = `/api/integrations/${integrationId}/reconciliation`;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('ledger settings: an admin sets them (tidied), a viewer reads them; a viewer and a stranger change nothing', async () => {
    const path = `${base}/ledger-settings`;
    expect((await read(world, viewer.browser, path)).body).toEqual({ settings: null });
    const body = { inStepFrom: '2026-07-01', receivableAccounts: ['611', '610', '610'], payableAccounts: ['800'] };
    const set = await change(world, admin.browser, 'PUT', path, body);
    expect([set.status, set.body]).toEqual([
      200,
      { inStepFrom: '2026-07-01', receivableAccounts: ['610', '611'], payableAccounts: ['800'] },
    ]);
    expect((await read(world, viewer.browser, path)).body).toEqual({ settings: set.body });

    const other = { ...body, inStepFrom: '2026-01-01' };
    expect((await change(world, viewer.browser, 'PUT', path, other)).status).toBe(403);
    expect((await change(world, viewer.browser, 'DELETE', path)).status).toBe(403);
    const theirs = `/api/integrations/${strangerIntegrationId}/reconciliation/ledger-settings`;
    expect((await change(world, admin.browser, 'PUT', theirs, other)).status).toBe(404);
    expect((await read(world, stranger.browser, path)).status).toBe(404);
    expect((await change(world, stranger.browser, 'PUT', path, other)).status).toBe(404);
    expect((await change(world, stranger.browser, 'DELETE', path)).status).toBe(404);
    expect((await read(world, stranger.browser, theirs)).body).toEqual({ settings: null });
    expect((await read(world, viewer.browser, path)).body).toEqual({ settings: set.body });

    expect((await change(world, admin.browser, 'DELETE', path)).status).toBe(204);
    expect((await read(world, viewer.browser, path)).body).toEqual({ settings: null });
  });

  it('ledger settings: hostile input is refused with 400 and changes nothing', async () => {
    const path = `${base}/ledger-settings`;
    const good = { inStepFrom: '2026-07-01', receivableAccounts: ['610'], payableAccounts: [] };
    expect((await change(world, admin.browser, 'PUT', path, good)).status).toBe(200);
    const cases: Array<[string, unknown]> = [
      ['not a day', { ...good, inStepFrom: '01/07/2026' }],
      ['no such day', { ...good, inStepFrom: '2026-02-30' }],
      ['SQL in the day', { ...good, inStepFrom: "2026-07-01'; DROP TABLE recon_ledger_settings;--" }],
      ['a formula for an account', { ...good, receivableAccounts: ['=HYPERLINK("http://evil.example")'] }],
      ['an account too long', { ...good, payableAccounts: ['8'.repeat(21)] }],
      ['21 accounts', { ...good, receivableAccounts: Array.from({ length: 21 }, (_, i) => `6${i}`) }],
      ['not a list', { ...good, receivableAccounts: '610' }],
      ['a number', { ...good, receivableAccounts: [610] }],
      ['both kinds', { ...good, payableAccounts: ['610'] }],
      ['missing the day', { receivableAccounts: [], payableAccounts: [] }],
      ['an unknown field', { ...good, extra: 1 }],
    ];
    for (const [what, body] of cases) {
      const res = await change(world, admin.browser, 'PUT', path, body);
      expect([what, res.status]).toEqual([what, 400]);
      expect(typeof res.body.message === 'string' || Array.isArray(res.body.message)).toBe(true);
    }
    expect((await read(world, admin.browser, path)).body.settings).toEqual(good);
    expect(
      (await read(world, admin.browser, `/api/integrations/not-a-uuid/reconciliation/ledger-settings`)).status,
    ).toBe(400);
  });

  /** A finished run as of 2026-11-30 holding `ledger`, as the worker leaves it. */
  const doneRun = async (ledger: unknown) => {
    const [run] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO recon_runs (tenant_id, integration_id, state, as_of, counts, ledger, started_at, finished_at)
       VALUES ($1, $2, 'done', '2026-11-30', '{"compared": 0, "glAccounts": 3, "rounding": 1, "unmapped": 1}', $3, now(), now())
       RETURNING id`,
      [tenantId, integrationId, JSON.stringify(ledger)],
    );
    return run.id;
  };

  it("a run's GL comparison: in the run view to viewers, in the PDF and the month-end pack; never to a stranger", async () => {
    const runId = await doneRun(LEDGER);
    const view = await read(world, viewer.browser, `${base}/runs/${runId}`);
    expect(view.status).toBe(200);
    expect(view.body.ledger).toEqual(LEDGER);
    // the run list stays light: no ledger in it
    const list = await read(world, viewer.browser, `${base}/runs`);
    expect(list.body.find((r: { id: string }) => r.id === runId)).not.toHaveProperty('ledger');
    expect((await read(world, stranger.browser, `${base}/runs/${runId}`)).status).toBe(404);

    const url = `${world.api.url}${base}/month-end-pack?month=2026-11`;
    const res = await fetch(url, { headers: { cookie: viewer.browser.cookieHeader(url) } });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['differences.csv', 'report.pdf', 'summary.txt', 'trial-balance.csv']);
    const rows = parse<Record<string, string>>(Buffer.from(files['trial-balance.csv']).toString('utf8'), {
      columns: true,
    });
    expect(
      rows.map((r) => [r.xero_code, r.x3_accounts, r.x3_moved, r.difference, r.class, r.month_difference]),
    ).toEqual([
      ['200', '200', '-500.00', '0.01', 'rounding', '0.01'],
      ['610', '610', '575.00', '0.00', 'equal', '0.00'],
      // text a spreadsheet would run is neutralised; decimals stay numbers
      ['', '310', "'=7.00", '7.00', 'unmapped', '0.00'],
    ]);
    const summary = Buffer.from(files['summary.txt']).toString('utf8');
    expect(summary).toContain('General ledger: 3 accounts compared, moved from 2026-07-01 to 2026-11-30; 2 differ');
    expect(Buffer.from(files['report.pdf']).subarray(0, 7).toString('latin1')).toBe('%PDF-1.');

    // a run that compared no GL says why in the pack, with no trial balance
    const skipped = await doneRun({ asOf: '2026-11-30', skipped: 'the GL is not compared: set the day' });
    expect((await read(world, viewer.browser, `${base}/runs/${skipped}`)).body.ledger).toMatchObject({
      skipped: expect.stringContaining('not compared'),
    });
    const again = await fetch(url, { headers: { cookie: viewer.browser.cookieHeader(url) } });
    const latest = unzipSync(new Uint8Array(await again.arrayBuffer()));
    expect(Object.keys(latest)).not.toContain('trial-balance.csv');
    expect(Buffer.from(latest['summary.txt']).toString('utf8')).toContain(
      'General ledger: not compared (the GL is not compared',
    );
  });

  it("an unmapped account's fix: approved with its Xero code it becomes a journals mapping entry; refused without it, to a viewer, a stranger and hostile values", async () => {
    const mapping = `/api/integrations/${integrationId}/mappings/journal/x3-to-xero`;
    const saved = await change(world, admin.browser, 'POST', `${mapping}/versions`, {
      document: starterTemplate('NZ', 'journal'),
    });
    expect(saved.status).toBe(201);
    const runId = await doneRun(LEDGER);
    const fix = {
      action: 'add-mapping',
      target: '310',
      description: 'map X3 account 310 to its Xero account',
      entry: { entity: 'journal', direction: 'x3-to-xero', key: ['310'], valueFields: ['accountCode'] },
    };
    const [{ id }] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO recon_differences (tenant_id, run_id, difference_class, entity, match_key, x3, xero, likely_cause, fix)
       VALUES ($1, $2, 'unmapped', 'glAccount', 'X3 310', '[]', '[]', 'X3 account 310 moved 7.00', $3) RETURNING id`,
      [tenantId, runId, JSON.stringify(fix)],
    );
    const approve = `${base}/runs/${runId}/differences/${id}/approve`;
    const version = async () => (await read(world, admin.browser, `${mapping}/versions`)).body[0].version as number;
    const before = await version();

    expect((await change(world, viewer.browser, 'POST', approve, { value: { accountCode: '310' } })).status).toBe(403);
    expect((await change(world, stranger.browser, 'POST', approve, { value: { accountCode: '310' } })).status).toBe(
      404,
    );
    const noValue = await change(world, admin.browser, 'POST', approve, {});
    expect([noValue.status, noValue.body.message]).toEqual([
      400,
      "approving this fix needs the entry's value: accountCode",
    ]);
    const hostile: Array<[string, unknown]> = [
      ['another field', { value: { taxType: 'OUTPUT2' } }],
      ['a number', { value: { accountCode: 310 } }],
      ['blank', { value: { accountCode: '   ' } }],
      ['too long', { value: { accountCode: '3'.repeat(101) } }],
      ['a control character', { value: { accountCode: '31\u00000' } }],
      ['a list', { value: ['310'] }],
      ['five fields', { value: { a: '1', b: '2', c: '3', d: '4', e: '5' } }],
      ['a field name of SQL', { value: { "accountCode'; DROP TABLE mapping_versions;--": '310' } }],
      ['an unknown property', { value: { accountCode: '310' }, extra: true }],
    ];
    for (const [what, body] of hostile) {
      const res = await change(world, admin.browser, 'POST', approve, body);
      expect([what, res.status]).toEqual([what, 400]);
    }
    expect(await version()).toBe(before);

    const approved = await change(world, admin.browser, 'POST', approve, { value: { accountCode: '310' } });
    expect([approved.status, approved.body.state]).toEqual([200, 'applied']);
    expect(await version()).toBe(before + 1);
    const active = (await read(world, viewer.browser, `${mapping}/versions/${before + 1}`)).body;
    const accounts = active.document.lookups.find((t: { name: string }) => t.name === 'journal-account');
    expect(accounts.entries).toContainEqual({ key: ['310'], value: { accountCode: '310' } });
    expect(active.comment).toBe('journal-account: 310 → 310 (reconciliation fix)');
    // the new version is the admin's, in the audit trail like any mapping save
    const [audit] = await owner.query<Array<{ actor_kind: string; action: string }>>(
      `SELECT actor_kind, action FROM audit_log WHERE tenant_id = $1 AND target_id = $2`,
      [tenantId, active.id],
    );
    expect(audit).toEqual({ actor_kind: 'user', action: 'mapping.saved' });
    expect((await change(world, admin.browser, 'POST', approve, { value: { accountCode: '310' } })).status).toBe(409);
  });
});
