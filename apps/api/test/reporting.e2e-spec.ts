import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { invitedViewer, Member, seedRun, signedUpOwner, staleAuth } from './flows-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

/**
 * Reporting access for BI tools: admins create and revoke reporting keys in the SPA; a key reads
 * its own tenant's documented views (JSON pages or one CSV) and nothing else.
 */
describe('reporting keys and views (hostile input, other tenants, lower roles)', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let mine: { tenantId: string; integrationId: string };
  let theirs: { tenantId: string; integrationId: string };

  const byKey = (path: string, key?: string, headers: Record<string, string> = {}) =>
    fetch(`${world.api.url}${path}`, {
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      signal: AbortSignal.timeout(30_000),
    });
  /** A view page, the catalogue (an array) or an error body, as the test reads them. */
  type ReportingAnswer = { rows: Array<Record<string, string>>; nextCursor: string | null; message?: string } & Array<{
    name: string;
  }>;
  const jsonByKey = async (path: string, key?: string) => {
    const res = await byKey(path, key);
    return { status: res.status, body: (await res.json()) as ReportingAnswer };
  };

  async function trialOf(member: Member) {
    const tenantId = (await read(world, member.browser, '/api/tenant')).body.id as string;
    const trial = await change(world, member.browser, 'POST', '/api/sandbox/try');
    expect(trial.status).toBe(201);
    return { tenantId, integrationId: trial.body.integrationId as string };
  }

  /** A finished reconciliation run with one difference whose match key a spreadsheet would run. */
  async function seedDifference(tenantId: string, integrationId: string, matchKey: string) {
    const [run] = await owner.query<Array<{ id: string }>>(
      `INSERT INTO recon_runs (tenant_id, integration_id, state, as_of, counts, started_at, finished_at)
       VALUES ($1, $2, 'done', '2026-11-30', '{"amount": 1}', now(), now()) RETURNING id`,
      [tenantId, integrationId],
    );
    const side = (total: string) =>
      JSON.stringify([
        {
          recordKey: matchKey,
          counterparty: null,
          documentDate: null,
          currency: 'NZD',
          total,
          amountDue: total,
          status: 'AUTHORISED',
        },
      ]);
    await owner.query(
      `INSERT INTO recon_differences (tenant_id, run_id, difference_class, entity, match_key, x3, xero, likely_cause, fix, state)
       VALUES ($1, $2, 'amount', 'invoice', $3, $4::jsonb, $5::jsonb, 'edited in Xero', '{"action":"resend-x3","description":"re-send"}', 'open')`,
      [tenantId, run.id, matchKey, side('100.10'), side('100.01')],
    );
    return run.id;
  }

  async function createKey(member: Member, name: string) {
    return change(world, member.browser, 'POST', '/api/reporting/keys', { name });
  }

  beforeAll(async () => {
    world = await startXeroWorld({}, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'reporting');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'reporting-stranger');
    mine = await trialOf(admin);
    theirs = await trialOf(stranger);
    for (let i = 0; i < 5; i++) await seedRun(owner, mine.tenantId, mine.integrationId, `MINE${i}`);
    await seedRun(owner, theirs.tenantId, theirs.integrationId, 'THEIRS0');
    await seedDifference(mine.tenantId, mine.integrationId, '=HYPERLINK("http://evil.example","x")');
    await seedDifference(theirs.tenantId, theirs.integrationId, 'THEIR-SECRET-INVOICE');
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('keys: an admin creates one (shown once, kept as a hash), viewers and strangers cannot, bad names change nothing', async () => {
    for (const name of ['', ' '.repeat(0), 'x'.repeat(81), 'tab\there', 42, null]) {
      const res = await createKey(admin, name as string);
      expect([name, res.status]).toEqual([name, 400]);
    }
    expect((await createKey(viewer, 'Viewer tries')).status).toBe(403);
    expect((await read(world, viewer.browser, '/api/reporting/keys')).status).toBe(403);
    expect((await read(world, admin.browser, '/api/reporting/keys')).body).toEqual([]);

    const created = await createKey(admin, 'Power BI finance');
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^lbr_[A-Za-z0-9_-]{43}$/);
    expect(created.body.key.startsWith(created.body.keyPrefix)).toBe(true);
    const listed = (await read(world, admin.browser, '/api/reporting/keys')).body;
    expect(listed).toEqual([
      expect.objectContaining({ id: created.body.id, name: 'Power BI finance', revokedAt: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.body.key);
    const [stored] = await owner.query(`SELECT key_hash FROM reporting_keys WHERE id = $1`, [created.body.id]);
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.key_hash).not.toContain(created.body.key.slice(4));
    const audit = await owner.query(`SELECT action FROM audit_log WHERE tenant_id = $1 AND target_id = $2`, [
      mine.tenantId,
      created.body.id,
    ]);
    expect(audit).toEqual([{ action: 'reporting.key_created' }]);

    // another tenant's owner neither sees nor revokes it
    expect((await read(world, stranger.browser, '/api/reporting/keys')).body).toEqual([]);
    const foreign = await change(world, stranger.browser, 'POST', `/api/reporting/keys/${created.body.id}/revoke`);
    expect(foreign.status).toBe(404);
    expect((await change(world, viewer.browser, 'POST', `/api/reporting/keys/${created.body.id}/revoke`)).status).toBe(
      403,
    );
    expect((await change(world, admin.browser, 'POST', `/api/reporting/keys/not-a-uuid/revoke`)).status).toBe(400);
    expect((await change(world, admin.browser, 'POST', `/api/reporting/keys/${NOBODY}/revoke`)).status).toBe(404);
    expect((await jsonByKey('/api/reporting/v1/views', created.body.key)).status).toBe(200);
  });

  it('a key is a credential: creating one needs a fresh sign-in, and at most 10 are active', async () => {
    const other = await signedUpOwner(world, 'reporting-limits');
    for (let i = 0; i < 10; i++) expect((await createKey(other, `Key ${i}`)).status).toBe(201);
    const eleventh = await createKey(other, 'One too many');
    expect([eleventh.status, eleventh.body.code]).toEqual([409, 'too_many_reporting_keys']);
    await staleAuth(world, owner, other);
    const stale = await createKey(other, 'After a while');
    expect([stale.status, stale.body.code]).toEqual([401, 'reauth_required']);
  });

  it("views: a key reads its own tenant's rows, in pages, and never another tenant's", async () => {
    const mineKey = (await createKey(admin, 'Paging')).body.key as string;
    const theirKey = (await createKey(stranger, 'Theirs')).body.key as string;

    const catalogue = await jsonByKey('/api/reporting/v1/views', mineKey);
    expect(catalogue.body.map((v: { name: string }) => v.name)).toEqual(
      expect.arrayContaining(['integrations', 'sync_runs', 'reconciliation_runs', 'reconciliation_differences']),
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await jsonByKey(`/api/reporting/v1/views/sync_runs?${qs}`, mineKey);
      expect(page.status).toBe(200);
      expect(page.body.rows.length).toBeLessThanOrEqual(2);
      for (const row of page.body.rows) {
        expect(row.integration_id).toBe(mine.integrationId);
        expect(row.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        seen.push(row.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    const [{ n }] = await owner.query(`SELECT count(*)::int AS n FROM sync_runs WHERE tenant_id = $1`, [mine.tenantId]);
    expect(new Set(seen).size).toBe(n);
    expect(seen).toHaveLength(n);

    const differences = await jsonByKey('/api/reporting/v1/views/reconciliation_differences', mineKey);
    expect(differences.body.rows).toEqual([
      expect.objectContaining({ x3_total: '100.10', xero_total: '100.01', difference_class: 'amount' }),
    ]);
    expect(JSON.stringify(differences.body)).not.toContain('THEIR-SECRET-INVOICE');
    const theirsRead = await jsonByKey('/api/reporting/v1/views/reconciliation_differences', theirKey);
    expect(theirsRead.body.rows.map((r) => r.match_key)).toEqual(['THEIR-SECRET-INVOICE']);

    // naming the other tenant's integration finds nothing; it is not a door
    const foreign = await jsonByKey(`/api/reporting/v1/views/sync_runs?integration=${theirs.integrationId}`, mineKey);
    expect([foreign.status, foreign.body.rows]).toEqual([200, []]);
    // a cursor made from their row's key reads nothing of theirs either
    const forged = Buffer.from(JSON.stringify(['1970-01-01T00:00:00.000000Z', NOBODY])).toString('base64url');
    const all = await jsonByKey(`/api/reporting/v1/views/sync_runs?limit=5000&cursor=${forged}`, mineKey);
    expect(all.body.rows.every((r) => r.integration_id === mine.integrationId)).toBe(true);
  });

  it('CSV: the whole view, formula-safe, parseable', async () => {
    const key = (await createKey(admin, 'Excel')).body.key as string;
    const res = await byKey('/api/reporting/v1/views/reconciliation_differences?format=csv', key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('set-cookie')).toBeNull();
    const rows: string[][] = parse(await res.text());
    expect(rows[0]).toContain('match_key');
    const matchKey = rows[1][rows[0].indexOf('match_key')];
    expect(matchKey).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(rows[1][rows[0].indexOf('x3_total')]).toBe('100.10');
  });

  it('refuses a missing, malformed, unknown or revoked key, a session instead of a key, and bad queries', async () => {
    const created = (await createKey(admin, 'Soon revoked')).body;
    const key = created.key as string;
    for (const [what, auth] of [
      ['no key', undefined],
      ['malformed', 'lbr_short'],
      ['unknown', `lbr_${'A'.repeat(43)}`],
      ['sql', "lbr_' OR 1=1 --"],
      ['huge', `lbr_${'x'.repeat(5000)}`],
    ] as const) {
      const res = await byKey('/api/reporting/v1/views/sync_runs', auth);
      expect([what, res.status]).toEqual([what, 401]);
      expect(await res.text()).not.toMatch(/at \w+ \(|stack/i);
    }
    // the signed-in SPA session is not a reporting key
    const session = await admin.browser.go(`${world.api.url}/api/reporting/v1/views/sync_runs`);
    expect(session.status).toBe(401);
    // a key opens nothing but the views
    expect((await byKey('/api/tenant', key)).status).toBe(401);
    expect((await byKey('/api/reporting/keys', key)).status).toBe(401);

    for (const query of [
      'views/no_such_view',
      'views/..%2F..%2Fusers',
      'views/sync_runs?limit=0',
      'views/sync_runs?limit=5001',
      'views/sync_runs?limit=abc',
      'views/sync_runs?since=yesterday',
      'views/sync_runs?integration=not-a-uuid',
      'views/sync_runs?format=xml',
      'views/sync_runs?cursor=not-a-cursor',
      `views/sync_runs?cursor=${Buffer.from('["x\'; DROP TABLE users; --","y"]').toString('base64url')}`,
      'views/sync_runs?unknown=1',
    ]) {
      const res = await byKey(`/api/reporting/v1/${query}`, key);
      expect([query, res.status]).toEqual([query, 400]);
    }

    const revoked = await change(world, admin.browser, 'POST', `/api/reporting/keys/${created.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await byKey('/api/reporting/v1/views', key)).status).toBe(401);
    // revoking again changes nothing and is not audited twice
    expect((await change(world, admin.browser, 'POST', `/api/reporting/keys/${created.id}/revoke`)).status).toBe(200);
    const audit = await owner.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY created_at`, [
      created.id,
    ]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['reporting.key_created', 'reporting.key_revoked']);
  });

  it('a key past 120 requests a minute answers 429 with Retry-After; other keys still read', async () => {
    const busy = (await createKey(admin, 'Looping dashboard')).body.key as string;
    const calm = (await createKey(admin, 'Calm dashboard')).body.key as string;
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => byKey('/api/reporting/v1/views', busy)));
      answers.push(...batch.map((r) => r.status));
    }
    expect(answers.filter((s) => s !== 200)).toEqual([]); // 120 inside the minute's allowance
    const refused = await byKey('/api/reporting/v1/views', busy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { message: string }).message).toMatch(/too many reporting requests/i);
    expect((await byKey('/api/reporting/v1/views', calm)).status).toBe(200);
  });
});
