// First-connection matching on the sandbox pair: a Xero organisation pre-seeded with contacts that
// overlap the X3 folder's customers (by number, by name in another case and legal form, by email),
// an ambiguous one and a name clash; the proposals, the confirmation into cross-references, and
// hostile input (bad ids, another tenant, a viewer, either system down).
import { DataSource } from 'typeorm';
import { createX3Transport, X3Record } from '#lb/connectors/sage-x3';
import { Customer, salesInvoiceEntityOf, X3_ADAPTERS } from '#lb/mapping';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import {
  api,
  authorize,
  control as xeroControl,
  registerApp,
  TestOrg,
  uniq,
} from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  connectXero,
  invitationToken,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const CTX = { baseCurrency: 'NZD', x3Company: 'NZ10' };

describe('first-connection matching on the sandbox pair', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: CookieBrowser;
  let org: TestOrg;
  let folder: TestFolder;
  let base: string;
  let integrationId: string;
  let tenantId: string;
  let xero: ReturnType<typeof api>;
  const seeded: Record<string, string> = {};
  let byNumber: Customer;
  let x3Invoice: { key: string; partyKey: string };

  const x3List = async (node: 'customer' | 'salesInvoice', companies: string[]) => {
    const transport = createX3Transport({
      baseUrl: world.sandbox.url,
      endpoint: folder.folder,
      companies,
      auth: { kind: 'jwt', ...folder.connectedApplication },
      allowPrivateTargets: true,
    });
    const records: X3Record[] = [];
    try {
      for await (const r of transport.list(node)) records.push(r);
    } finally {
      transport.close();
    }
    return records;
  };

  const ourRows = async () =>
    (
      await owner.query<Json[]>(
        `SELECT (SELECT count(*)::int FROM sync_match_proposals WHERE tenant_id = $1) AS lines,
                (SELECT string_agg(run_id::text || coalesce(confirmed_at::text, '-'), ',') FROM sync_matchings WHERE tenant_id = $1) AS runs,
                (SELECT count(*)::int FROM sync_cross_references WHERE tenant_id = $1) AS refs,
                (SELECT count(*)::int FROM sync_contact_names WHERE tenant_id = $1) AS names`,
        [tenantId],
      )
    )[0];

  /** Creates contacts in the organisation as its own users would, returning their ids by name. */
  const seedContacts = async (contacts: Json[]) => {
    const res = await xero('PUT', '/Contacts', { Contacts: contacts });
    expect(res.status).toBe(200);
    for (const c of (res.body as Json).Contacts as Json[]) seeded[String(c.Name)] = String(c.ContactID);
  };

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    owner = await ownerDataSource();
    org = await newOrg(world, uniqueEmail('matching'));
    admin = new CookieBrowser();
    await signInWithXero(world, admin, org);
    await connectXero(world, admin, org);
    folder = await provisionFolder(world.sandbox.url);
    const a = folder.connectedApplication;
    const x3 = await change(world, admin, 'POST', '/api/connections/x3', {
      name: 'Folder',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    });
    const xeroId = (await read(world, admin, '/api/connections')).body.xero[0].id;
    const pair = await change(world, admin, 'POST', '/api/integrations', {
      name: 'NZ ledger',
      xeroConnectionId: xeroId,
      x3ConnectionId: x3.body.id,
      x3Company: 'NZ10',
    });
    expect(pair.status).toBe(201);
    integrationId = String(pair.body.id);
    base = `/api/integrations/${integrationId}/matching`;
    tenantId = (await read(world, admin, '/api/tenant')).body.id;
    const reader = await registerApp(world.sandbox, uniq('reader'));
    const { tokens } = await authorize(world.sandbox, reader, org);
    xero = api(world.sandbox, tokens.access_token, org.tenantId);

    // The X3 side, read independently: the customers, and one NZ10 invoice with its customer.
    const customers = (await x3List('customer', [])).map((r) => X3_ADAPTERS.customer.fromX3(r, CTX));
    const invoices = (await x3List('salesInvoice', ['NZ10']))
      .filter((r) => salesInvoiceEntityOf(r) === 'invoice')
      .map((r) => X3_ADAPTERS.invoice.fromX3(r, CTX));
    const reserved = ['GB001', 'AU003', 'AU004', 'AU005', 'ZA001'];
    x3Invoice = invoices.find((i) => !reserved.includes(i.partyKey))!;
    expect(x3Invoice).toBeDefined();
    byNumber = customers.find((c) => c.key === x3Invoice.partyKey)!;
    const named = (key: string) => customers.find((c) => c.key === key)!;
    expect(named('GB001').name).toBe('London Stationers Ltd');
    expect(named('AU003').email).toBe('accounts@au003.example');
    expect(named('AU004').name).toBe('Perth Industries');

    await seedContacts([
      // keyed by our X3 code, under a name someone typed differently
      { Name: `${byNumber.name} (typed in Xero)`, ContactNumber: byNumber.key },
      // the same firm in another case and legal form
      { Name: 'LONDON STATIONERS LIMITED' },
      // another name, the same accounts mailbox
      { Name: 'Brisbane Retail Group', EmailAddress: 'accounts@au003.example' },
      // AU005's contact carries the name X3 gives AU004: AU004 cannot take it
      { Name: 'Perth Industries', ContactNumber: 'AU005' },
      // two contacts share ZA001's mailbox: ambiguous
      { Name: 'Cape Branch One', EmailAddress: 'accounts@za001.example' },
      { Name: 'Cape Branch Two', EmailAddress: 'accounts@za001.example' },
    ]);
    const items = await xero('PUT', '/Items', { Items: [{ Code: 'FIN001', Name: 'Office chair (Xero)' }] });
    expect(items.status).toBe(200);
    seeded.FIN001 = String((items.body as Json).Items[0].ItemID);
    const invoice = await xero('PUT', '/Invoices', {
      Invoices: [
        {
          Type: 'ACCREC',
          InvoiceNumber: x3Invoice.key,
          Contact: { ContactID: seeded[`${byNumber.name} (typed in Xero)`] },
          Date: '2026-03-01',
          DueDate: '2026-03-31',
          LineItems: [{ Description: 'Keyed in by hand', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
          Status: 'DRAFT',
        },
      ],
    });
    expect(invoice.status < 300 ? 'saved' : invoice.text).toBe('saved');
    seeded.invoice = String((invoice.body as Json).Invoices[0].InvoiceID);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('is "not confirmed" before any run', async () => {
    const view = await read(world, admin, base);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ integrationId, runId: null, confirmed: false, proposals: [], clashes: [] });
  });

  it('proposes matches by number, name, email, code and number-and-contact, lists the ambiguous and the clash', async () => {
    const run = await change(world, admin, 'POST', `${base}/run`);
    expect(run.status).toBe(200);
    const body = run.body as Json;
    const proposal = (entity: string, x3Key: string) =>
      (body.proposals as Json[]).find((p) => p.entity === entity && p.x3Key === x3Key);

    expect(proposal('customer', byNumber.key)).toMatchObject({
      xeroId: seeded[`${byNumber.name} (typed in Xero)`],
      rule: 'contact-number',
      confidence: 100,
    });
    expect(proposal('customer', 'GB001')).toMatchObject({ xeroId: seeded['LONDON STATIONERS LIMITED'], rule: 'name' });
    expect(proposal('customer', 'AU003')).toMatchObject({ xeroId: seeded['Brisbane Retail Group'], rule: 'email' });
    expect(proposal('customer', 'AU005')).toMatchObject({ xeroId: seeded['Perth Industries'], rule: 'contact-number' });
    expect(proposal('product', 'FIN001')).toMatchObject({ xeroId: seeded.FIN001, rule: 'code' });
    expect(proposal('invoice', x3Invoice.key)).toMatchObject({
      xeroId: seeded.invoice,
      rule: 'number-and-contact',
      partyKey: byNumber.key,
    });

    // ZA001 has two candidates: listed, never guessed.
    expect(body.ambiguous).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'customer', x3Key: 'ZA001', rule: 'email', reason: 'several-candidates' }),
      ]),
    );
    const ambiguousKeys = new Set((body.ambiguous as Json[]).map((a) => `${a.entity}:${a.x3Key}`));
    for (const p of body.proposals as Json[]) expect(ambiguousKeys.has(`${p.entity}:${p.x3Key}`)).toBe(false);
    // One Xero record per entity is proposed for one X3 record at most.
    const targets = (body.proposals as Json[]).map((p) => `${p.entity}:${p.xeroId}`);
    expect(new Set(targets).size).toBe(targets.length);

    expect(body.clashes).toEqual(
      expect.arrayContaining([
        {
          entity: 'customer',
          x3Key: 'AU004',
          name: 'Perth Industries',
          heldBy: { xeroId: seeded['Perth Industries'] },
          proposedName: 'Perth Industries (X3 AU004)',
        },
      ]),
    );
    expect(body.counts.customer).toMatchObject({ ambiguous: expect.any(Number), matched: expect.any(Number) });
    expect(body.counts.customer.matched).toBe((body.proposals as Json[]).filter((p) => p.entity === 'customer').length);
    expect(body).toMatchObject({ confirmed: false, runId: expect.any(String) });
    // Viewers see the same.
    expect((await read(world, admin, base)).body).toEqual(body);
  });

  it('refuses a confirmation that leaves a clash unnamed, names a taken name, guesses an ambiguous line or is stale', async () => {
    const { runId, clashes } = (await read(world, admin, base)).body as Json;
    const before = await ourRows();
    const names = (clashes as Json[]).map((c) => ({ entity: c.entity, x3Key: c.x3Key, name: c.proposedName }));
    const tries = [
      await change(world, admin, 'POST', `${base}/confirm`, { runId, acceptAll: true }),
      await change(world, admin, 'POST', `${base}/confirm`, {
        runId,
        acceptAll: true,
        renames: names.map((n) => ({ ...n, name: 'london stationers limited' })),
      }),
      await change(world, admin, 'POST', `${base}/confirm`, {
        runId,
        renames: names,
        accept: [{ entity: 'customer', x3Key: 'ZA001' }],
      }),
      await change(world, admin, 'POST', `${base}/confirm`, {
        runId,
        renames: names,
        accept: [{ entity: 'customer', x3Key: 'ZA001', xeroId: seeded['Perth Industries'] }],
      }),
      // The invoice's match rests on its customer's: accepting it alone is refused.
      await change(world, admin, 'POST', `${base}/confirm`, {
        runId,
        renames: names,
        accept: [{ entity: 'invoice', x3Key: x3Invoice.key }],
      }),
      await change(world, admin, 'POST', `${base}/confirm`, {
        runId: '00000000-0000-4000-8000-000000000000',
        acceptAll: true,
        renames: names,
      }),
      await change(world, admin, 'POST', `${base}/confirm`, { runId: 'nope', acceptAll: 'yes' }),
    ];
    expect(tries.map((t) => t.status)).toEqual([409, 400, 400, 400, 400, 409, 400]);
    expect(tries.slice(0, 6).map((t) => t.body.code)).toEqual([
      'unresolved_clashes',
      'invalid_confirmation',
      'invalid_confirmation',
      'invalid_confirmation',
      'invalid_confirmation',
      'stale_run',
    ]);
    expect(tries[4].body.message).toContain(`accept its customer ${byNumber.key} too`);
    expect(await ourRows()).toEqual(before);
  });

  it('confirms: accepted pairs become matched cross-references and the rename is stored, in one go', async () => {
    const { runId, proposals, clashes } = (await read(world, admin, base)).body as Json;
    const zaCandidates = ((await read(world, admin, base)).body.ambiguous as Json[]).find((a) => a.x3Key === 'ZA001')!
      .candidates as Json[];
    const confirm = await change(world, admin, 'POST', `${base}/confirm`, {
      runId,
      acceptAll: true,
      // The user picks ZA001's branch and edits AU004's proposed name.
      accept: [{ entity: 'customer', x3Key: 'ZA001', xeroId: zaCandidates[1].xeroId }],
      renames: (clashes as Json[]).map((c) => ({
        entity: c.entity,
        x3Key: c.x3Key,
        name: c.x3Key === 'AU004' ? 'Perth Industries (WA)' : c.proposedName,
      })),
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toMatchObject({ confirmed: true, confirmedAt: expect.any(String) });
    expect(confirm.body.renames).toEqual(
      expect.arrayContaining([{ entity: 'customer', x3Key: 'AU004', name: 'Perth Industries (WA)' }]),
    );

    const refs = await owner.query<Json[]>(
      `SELECT entity, x3_key, xero_id, state FROM sync_cross_references WHERE tenant_id = $1 AND integration_id = $2`,
      [tenantId, integrationId],
    );
    const linked = new Map(refs.map((r) => [`${r.entity}:${r.x3_key}`, r]));
    expect(refs.length).toBe((proposals as Json[]).length + 1);
    for (const p of proposals as Json[]) {
      expect(linked.get(`${p.entity}:${p.x3Key}`)).toMatchObject({ xero_id: p.xeroId, state: 'matched' });
    }
    expect(linked.get('customer:ZA001')).toMatchObject({ xero_id: zaCandidates[1].xeroId, state: 'matched' });

    // A second confirmation of the same run changes nothing more.
    const again = await change(world, admin, 'POST', `${base}/confirm`, { runId, acceptAll: true, renames: [] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('unresolved_clashes');

    // Rerun: the linked pairs are not proposed again, the confirmed name holds, and the run needs confirming again.
    const rerun = await change(world, admin, 'POST', `${base}/run`);
    expect(rerun.status).toBe(200);
    expect(rerun.body).toMatchObject({ confirmed: false, proposals: [], clashes: [] });
    expect(rerun.body.counts.customer.linked).toBe(
      (proposals as Json[]).filter((p) => p.entity === 'customer').length + 1,
    );
  });

  it('answers 400 for a bad id and 404 for an unknown one or another tenant’s, and stores nothing', async () => {
    const before = await ourRows();
    expect((await read(world, admin, '/api/integrations/not-a-uuid/matching')).status).toBe(400);
    const unknown = '/api/integrations/00000000-0000-4000-8000-000000000000/matching';
    expect((await read(world, admin, unknown)).status).toBe(404);
    expect((await change(world, admin, 'POST', `${unknown}/run`)).status).toBe(404);

    const stranger = new CookieBrowser();
    await signInWithXero(world, stranger, await newOrg(world, uniqueEmail('matching-stranger')));
    const theirs = [
      await read(world, stranger, base),
      await change(world, stranger, 'POST', `${base}/run`),
      await change(world, stranger, 'POST', `${base}/confirm`, {
        runId: '00000000-0000-4000-8000-000000000000',
        acceptAll: true,
      }),
    ];
    expect(theirs.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(JSON.stringify(theirs.map((r) => r.body))).not.toContain('Perth');
    expect(await ourRows()).toEqual(before);
  });

  it('lets a viewer read but neither run nor confirm', async () => {
    const viewerOrg = await newOrg(world, uniqueEmail('matching-viewer'));
    await change(world, admin, 'POST', '/api/tenant/invitations', { email: viewerOrg.userEmail, role: 'viewer' });
    const viewer = new CookieBrowser();
    await change(world, viewer, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, viewerOrg.userEmail),
    });
    await signInWithXero(world, viewer, viewerOrg);
    const before = await ourRows();
    const view = await read(world, viewer, base);
    expect(view.status).toBe(200);
    const { runId } = view.body as Json;
    const tries = [
      await change(world, viewer, 'POST', `${base}/run`),
      await change(world, viewer, 'POST', `${base}/confirm`, { runId, acceptAll: true }),
    ];
    expect(tries.map((t) => t.status)).toEqual([403, 403]);
    expect(await ourRows()).toEqual(before);
  });

  it('answers 503 when X3 or Xero does not answer, and changes nothing', async () => {
    const before = await ourRows();
    expect((await x3Control(world.sandbox.url, folder, 'POST', '/faults', { mode: 'http-503', count: 3 })).status).toBe(
      204,
    );
    const x3Down = await change(world, admin, 'POST', `${base}/run`);
    await x3Control(world.sandbox.url, folder, 'DELETE', '/faults');
    expect(x3Down.status).toBe(503);
    expect(x3Down.body).toMatchObject({
      code: 'x3_unavailable',
      message: expect.stringMatching(/^Sage X3 did not answer/),
    });

    await xeroControl(world.sandbox, org, 'POST', '/faults', { kind: 'status503', count: 3 });
    const xeroDown = await change(world, admin, 'POST', `${base}/run`);
    await xeroControl(world.sandbox, org, 'DELETE', '/faults');
    expect(xeroDown.status).toBe(503);
    expect(xeroDown.body).toMatchObject({
      code: 'xero_unavailable',
      message: expect.stringMatching(/^Xero did not answer/),
    });
    expect(await ourRows()).toEqual(before);
  });
});
