// Mapping suggestions on the sandbox pairs, through the API: the accuracy on each region's seed
// charts against the starter templates' pairs (read from both sandboxes by our connectors), accept
// into the mapping's lookup table, reject, one tenant's decisions never moving another's, and
// hostile input (bad kind/direction/key, another tenant, a viewer, either system down).
import { DataSource } from 'typeorm';
import { starterTemplate, StarterRegion } from '#lb/mapping';
import {
  expectedAccountPairs,
  expectedTaxPairs,
  topOneAccuracy,
} from '../../../libs/mapping/src/suggestions/testing/expected-pairs';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import { control as xeroControl, TestOrg } from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  invitationToken,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';
import { pairRegion } from './region-pair';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

interface Pair {
  admin: CookieBrowser;
  org: TestOrg;
  tenantId: string;
  integrationId: string;
  base: string;
}

describe('mapping suggestions on the sandbox pairs', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let folder: TestFolder;
  const pairs: Partial<Record<StarterRegion, Pair>> = {};
  let other: Pair; // a second NZ tenant: must never see or be moved by the first's decisions

  const pairFor = async (region: StarterRegion, label: string): Promise<Pair> => {
    const { admin, org, integrationId } = await pairRegion(world, folder, region, `suggest-${label}`);
    const tenantId = String((await read(world, admin, '/api/tenant')).body.id);
    return { admin, org, tenantId, integrationId, base: `/api/integrations/${integrationId}/suggestions` };
  };

  const suggestions = async (p: Pair, query: string, who = p.admin) => {
    const res = await read(world, who, `${p.base}?${query}`);
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const saveStarter = async (p: Pair, entity: 'journal' | 'invoice' | 'bill') => {
    const res = await change(
      world,
      p.admin,
      'POST',
      `/api/integrations/${p.integrationId}/mappings/${entity}/x3-to-xero/versions`,
      {
        document: starterTemplate('NZ', entity),
      },
    );
    expect(res.status).toBe(201);
  };
  /** What the tenant's suggestions look like, decisions and ids aside (to compare two readings). */
  const shape = (list: Json) =>
    (list.suggestions as Json[]).map(
      (s) => `${s.scope} ${s.source.key}→${s.target.key} ${s.confidence} ${s.reasons.join('|')}`,
    );
  const ourRows = async (tenantId: string) =>
    (
      await owner.query<Json[]>(
        `SELECT (SELECT count(*)::int FROM mapping_suggestions WHERE tenant_id = $1) AS suggestions,
                (SELECT string_agg(id::text || status, ',' ORDER BY id) FROM mapping_suggestions WHERE tenant_id = $1) AS states,
                (SELECT count(*)::int FROM mapping_versions WHERE tenant_id = $1) AS versions`,
        [tenantId],
      )
    )[0];

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    owner = await ownerDataSource();
    folder = await provisionFolder(world.sandbox.url);
    for (const region of ['NZ', 'AU', 'UK', 'US'] as const) pairs[region] = await pairFor(region, region);
    other = await pairFor('NZ', 'other');
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it("finds ≥ 80% of the starter templates' account and tax pairs (top-1) on every region's seed charts", async () => {
    let hits = 0;
    let total = 0;
    const lines: string[] = [];
    for (const region of ['NZ', 'AU', 'UK', 'US'] as const) {
      const p = pairs[region]!;
      const accounts = await suggestions(p, 'kind=accounts');
      const taxes = await suggestions(p, 'kind=taxes&direction=x3-to-xero');
      const scoped = (scope: string) => (taxes.suggestions as Json[]).filter((s) => s.scope === scope);
      const expected = expectedTaxPairs(region);
      const results = {
        accounts: topOneAccuracy(accounts.suggestions, expectedAccountPairs(region)),
        sales: topOneAccuracy(scoped('sales') as never, expected.sales),
        purchase: topOneAccuracy(scoped('purchase') as never, expected.purchase),
      };
      for (const [what, r] of Object.entries(results)) {
        hits += r.hits;
        total += r.total;
        lines.push(
          `${region} ${what} ${r.hits}/${r.total}${r.misses.length ? ` (missed ${r.misses.join(', ')})` : ''}`,
        );
      }
      // each suggestion says why, with a confidence, and where it would be written
      for (const s of [...accounts.suggestions, ...taxes.suggestions] as Json[]) {
        expect(s.reasons.length).toBeGreaterThan(0);
        expect(s.confidence).toBeGreaterThan(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
      }
      // one Xero account per X3 account and back
      const targets = (accounts.suggestions as Json[]).map((s) => s.target.key);
      expect(new Set(targets).size).toBe(targets.length);
    }
    const accuracy = hits / total;
    console.log(
      `suggestions on the sandbox seed, top-1: ${hits}/${total} = ${accuracy.toFixed(3)}\n${lines.join('\n')}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it("reads the company's own chart and says which; receivable pairs with the DEBTORS account, with reasons", async () => {
    const list = await suggestions(pairs.NZ!, 'kind=accounts');
    expect(list.chart).toBe('NZGAAP');
    expect(list.charts).toEqual(expect.arrayContaining(['PCG', 'NZGAAP', 'AUGAAP', 'UKGAAP', 'USGAAP']));
    const receivable = (list.suggestions as Json[]).find((s) => s.source.key === '610');
    expect(receivable).toMatchObject({
      target: { key: '610', label: 'Accounts Receivable' },
      status: 'proposed',
      writesTo: { entity: 'journal', table: 'journal-account' },
    });
    expect(receivable!.reasons.join(' ')).toMatch(/both are the receivable control account/);
    // another chart on request: the French PCG's 411000 "Clients" meets the same account
    const pcg = await suggestions(pairs.NZ!, 'kind=accounts&chart=PCG');
    expect((pcg.suggestions as Json[]).find((s) => s.source.key === '411000')?.target.key).toBe('610');
    const taxes = await suggestions(pairs.NZ!, 'kind=taxes');
    const nzs = (taxes.suggestions as Json[]).find((s) => s.scope === 'sales' && s.source.key === 'NZS');
    expect(nzs).toMatchObject({ target: { key: 'OUTPUT2' }, writesTo: { entity: 'invoice', table: 'sales-tax-type' } });
    expect(nzs!.reasons).toContain('same tax rate 15% and output side');
    const back = await suggestions(pairs.NZ!, 'kind=taxes&direction=xero-to-x3');
    expect((back.suggestions as Json[]).find((s) => s.source.key === 'INPUT2')).toMatchObject({
      scope: 'purchase',
      target: { key: 'NZS' },
      writesTo: { entity: 'bill', table: 'x3-purchase-tax-code' },
    });
  });

  it('accepting writes the pair into the lookup table as a new version; rejecting stops it; the other tenant is unmoved', async () => {
    const a = pairs.NZ!;
    await saveStarter(a, 'journal');
    await saveStarter(a, 'invoice');
    const otherBefore = shape(await suggestions(other, 'kind=accounts'));
    const list = await suggestions(a, 'kind=accounts');
    const receivable = (list.suggestions as Json[]).find((s) => s.source.key === '610')!;
    const payable = (list.suggestions as Json[]).find((s) => s.source.key === '800')!;

    const accepted = await change(world, a.admin, 'POST', `${a.base}/${receivable.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ suggestion: { id: receivable.id, status: 'accepted' }, mappingVersion: 2 });
    const journal = await read(world, a.admin, `/api/integrations/${a.integrationId}/mappings/journal/x3-to-xero`);
    expect(journal.body).toMatchObject({ version: 2, active: true });
    const table = (journal.body.document.lookups as Json[]).find((l) => l.name === 'journal-account')!;
    expect(table.entries).toContainEqual({ key: ['610'], value: { accountCode: '610' } });
    // the template's own entries are still there
    expect(table.entries).toContainEqual({ key: ['200'], value: { accountCode: '200' } });
    // accepting again writes no second version
    const again = await change(world, a.admin, 'POST', `${a.base}/${receivable.id}/accept`);
    expect(again.body).toMatchObject({ mappingVersion: 2 });

    const rejected = await change(world, a.admin, 'POST', `${a.base}/${payable.id}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.body.suggestion).toMatchObject({ status: 'rejected' });

    const after = await suggestions(a, 'kind=accounts');
    const now = (key: string) => (after.suggestions as Json[]).find((s) => s.source.key === key);
    expect(now('610')).toMatchObject({ id: receivable.id, status: 'accepted', confidence: 1 });
    expect(now('610')!.reasons[0]).toBe('you confirmed 610 ↔ 610 before');
    expect(now('800')?.target.key).not.toBe('800');

    // a tax pair goes into the invoice mapping's sales-tax-type table
    const taxes = await suggestions(a, 'kind=taxes');
    const nzz = (taxes.suggestions as Json[]).find((s) => s.scope === 'sales' && s.source.key === 'NZZ')!;
    const taxAccepted = await change(world, a.admin, 'POST', `${a.base}/${nzz.id}/accept`);
    expect(taxAccepted.status).toBe(200);
    const invoice = await read(world, a.admin, `/api/integrations/${a.integrationId}/mappings/invoice/x3-to-xero`);
    const salesTable = (invoice.body.document.lookups as Json[]).find((l) => l.name === 'sales-tax-type')!;
    expect(salesTable.entries).toContainEqual({ key: ['*', 'NZZ'], value: { taxType: nzz.target.key } });

    // tenant B: the same suggestions as before A decided anything, 800 → 800 still proposed
    const otherAfter = await suggestions(other, 'kind=accounts');
    expect(shape(otherAfter)).toEqual(otherBefore);
    expect((otherAfter.suggestions as Json[]).find((s) => s.source.key === '800')?.target.key).toBe('800');
    expect((otherAfter.suggestions as Json[]).every((s) => s.status === 'proposed')).toBe(true);
  });

  it('proposes field pairs from both catalogues and sample records; accepting adds a default copy to the mapping', async () => {
    const a = pairs.AU!;
    const list = await suggestions(a, 'kind=fields&entity=customer');
    expect(list.entity).toBe('customer');
    const byField = (key: string) => (list.suggestions as Json[]).find((s) => s.source.key === key);
    expect(byField('companyName')).toMatchObject({ target: { key: 'name' }, writesTo: { entity: 'customer' } });
    expect(byField('currency')?.target.key).toBe('defaultCurrency');
    expect(byField('code')?.target.key).toBe('contactNumber');
    const invoice = await suggestions(a, 'kind=fields&entity=invoice');
    expect((invoice.suggestions as Json[]).find((s) => s.source.key === 'lines[].netPrice')?.target.key).toBe(
      'lineItems[].unitAmount',
    );
    // the other way: Xero's fields are the source
    const back = await suggestions(a, 'kind=fields&entity=customer&direction=xero-to-x3');
    expect((back.suggestions as Json[]).find((s) => s.source.key === 'name')?.target.key).toBe('companyName');

    const saved = await change(
      world,
      a.admin,
      'POST',
      `/api/integrations/${a.integrationId}/mappings/customer/x3-to-xero/versions`,
      {
        document: starterTemplate('AU', 'customer'),
      },
    );
    expect(saved.status).toBe(201);
    const category = (list.suggestions as Json[]).find((s) => s.status === 'proposed')!;
    const accepted = await change(world, a.admin, 'POST', `${a.base}/${category.id}/accept`);
    expect(accepted.status).toBe(200);
    const mapping = await read(world, a.admin, `/api/integrations/${a.integrationId}/mappings/customer/x3-to-xero`);
    expect(mapping.body.document.fields).toContainEqual({
      target: category.target.key,
      source: { kind: 'copy', from: category.source.key, origin: 'source' },
      mode: 'default',
    });
  });

  it('answers 409 when the mapping the pair goes into does not exist yet, and decides nothing', async () => {
    const list = await suggestions(other, 'kind=taxes');
    const first = (list.suggestions as Json[])[0];
    const before = await ourRows(other.tenantId);
    const res = await change(world, other.admin, 'POST', `${other.base}/${first.id}/accept`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/save that mapping/);
    expect(await ourRows(other.tenantId)).toEqual(before);
  });

  it("answers 400 for a bad kind, direction, chart or key, and 404 for an unknown or another tenant's, changing nothing", async () => {
    const a = pairs.NZ!;
    const before = [await ourRows(a.tenantId), await ourRows(other.tenantId)];
    const bad = [
      await read(world, a.admin, `${a.base}`),
      await read(world, a.admin, `${a.base}?kind=contacts`),
      await read(world, a.admin, `${a.base}?kind=accounts&direction=sideways`),
      await read(world, a.admin, `${a.base}?kind=fields`),
      await read(world, a.admin, `${a.base}?kind=fields&entity=stockLevel`),
      await read(world, a.admin, `${a.base}?kind=accounts&direction=xero-to-x3`),
      await read(world, a.admin, `${a.base}?kind=accounts&chart=NOPE`),
      await read(world, a.admin, `${a.base}?kind=accounts&chart=${encodeURIComponent("x' OR 1=1")}`),
      await read(world, a.admin, '/api/integrations/not-a-uuid/suggestions?kind=accounts'),
      await change(world, a.admin, 'POST', `${a.base}/not-a-key/accept`),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(bad[1].body.message).toMatch(/kind must be one of accounts, taxes, fields/);
    expect(bad[3].body.message).toMatch(/Field suggestions need entity/);
    expect(bad[5].body.message).toMatch(/No accounts suggestions for xero-to-x3/);
    expect(bad[6].body.message).toMatch(/Chart 'NOPE' is not in the X3 folder/);

    const unknownId = '00000000-0000-4000-8000-000000000000';
    const mine = (await suggestions(a, 'kind=accounts')).suggestions as Json[];
    const theirs = (await suggestions(other, 'kind=accounts')).suggestions as Json[];
    const notFound = [
      await read(world, a.admin, `/api/integrations/${unknownId}/suggestions?kind=accounts`),
      await change(world, a.admin, 'POST', `${a.base}/${unknownId}/accept`),
      await change(world, a.admin, 'POST', `${a.base}/${unknownId}/reject`),
      // another tenant's integration, and another tenant's suggestion by its key
      await read(world, other.admin, `${a.base}?kind=accounts`),
      await change(world, other.admin, 'POST', `${a.base}/${mine[0].id}/accept`),
      await change(world, other.admin, 'POST', `${other.base}/${mine[0].id}/reject`),
      await change(world, a.admin, 'POST', `${a.base}/${theirs[0].id}/accept`),
    ];
    expect(notFound.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect(JSON.stringify(notFound.map((r) => r.body))).not.toContain('Receivable');
    expect([await ourRows(a.tenantId), await ourRows(other.tenantId)]).toEqual(before);
  });

  it('lets a viewer read but neither accept nor reject', async () => {
    const a = pairs.NZ!;
    const viewerOrg = await newOrg(world, uniqueEmail('suggest-viewer'));
    await change(world, a.admin, 'POST', '/api/tenant/invitations', { email: viewerOrg.userEmail, role: 'viewer' });
    const viewer = new CookieBrowser();
    await change(world, viewer, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, viewerOrg.userEmail),
    });
    await signInWithXero(world, viewer, viewerOrg);
    const list = await suggestions(a, 'kind=taxes', viewer);
    const proposed = (list.suggestions as Json[]).find((s) => s.status === 'proposed')!;
    const before = await ourRows(a.tenantId);
    const tries = [
      await change(world, viewer, 'POST', `${a.base}/${proposed.id}/accept`),
      await change(world, viewer, 'POST', `${a.base}/${proposed.id}/reject`),
    ];
    expect(tries.map((t) => t.status)).toEqual([403, 403]);
    expect(await ourRows(a.tenantId)).toEqual(before);
  });

  it('answers 503 when X3 or Xero does not answer, and changes nothing', async () => {
    const a = pairs.UK!;
    await suggestions(a, 'kind=accounts');
    const before = await ourRows(a.tenantId);
    expect((await x3Control(world.sandbox.url, folder, 'POST', '/faults', { mode: 'http-503', count: 3 })).status).toBe(
      204,
    );
    const x3Down = await read(world, a.admin, `${a.base}?kind=accounts`);
    await x3Control(world.sandbox.url, folder, 'DELETE', '/faults');
    expect(x3Down.status).toBe(503);
    expect(x3Down.body).toMatchObject({
      code: 'x3_unavailable',
      message: expect.stringMatching(/^Sage X3 did not answer/),
    });

    await xeroControl(world.sandbox, a.org, 'POST', '/faults', { kind: 'status503', count: 3 });
    const xeroDown = await read(world, a.admin, `${a.base}?kind=taxes`);
    await xeroControl(world.sandbox, a.org, 'DELETE', '/faults');
    expect(xeroDown.status).toBe(503);
    expect(xeroDown.body).toMatchObject({
      code: 'xero_unavailable',
      message: expect.stringMatching(/^Xero did not answer/),
    });
    expect(await ourRows(a.tenantId)).toEqual(before);
  });
});
