// What a signed-in tenant sends, generated (issue 17): SQL, script and odd Unicode in the text
// fields that reach the database and the SPA (tenant name, alert rule name, invitation email,
// lookup-table keys and values), and malformed or traversing values in every path parameter of
// every route a member may call. Stored text comes back byte for byte (data, never interpreted);
// anything refused is a clean 4xx with a JSON message and changes nothing. The reconciliation
// export neutralises formulas in keys that came from either system. Fixed seeds, bounded runs.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { reconcileRun } from '#lb/reconciliation';
import { ownerDataSource, runtimeDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../../scripts/testing/redis-db';
import { GLOBAL_PREFIX, UNPREFIXED_ROUTES } from '../../src/app.factory';
import { listRoutes } from '../../src/access/route-inventory';
import { Member, pairByHand, signedUpOwner } from '../flows-world';
import { change, read, sessionOf, startXeroWorld, XeroWorld } from '../xero-world';
import { expectCleanRefusal, rawRequest } from './hostile-requests';

const SEED = 1717;

/** Text an attacker types: SQL, markup, template and formula starts, then any Unicode. */
const hostileText = fc.oneof(
  fc.constantFrom(
    "Robert'); DROP TABLE tenants;--",
    "' OR '1'='1",
    '"; SELECT pg_sleep(5); --',
    '$$; COPY tenants TO PROGRAM $$id',
    '<script>alert(document.cookie)</script>',
    '<img src=x onerror=alert(1)>',
    '{{constructor.constructor("alert(1)")()}}',
    '${process.env}',
    '=HYPERLINK("http://evil.example","x")',
    '\u202Eevil\u202C',
    'Ａｃｍｅ 🚀 ﷽',
    '\\x00\\u0000',
    '%00%27',
  ),
  fc.string({ unit: 'grapheme', minLength: 2, maxLength: 40 }),
  fc
    .tuple(fc.constantFrom("'", '"', '<', '--', ';', '\\', '`', '$$'), fc.string({ unit: 'binary', maxLength: 30 }))
    .map(([a, b]) => `${a}${b}${a}`),
);

/** Path-parameter values: traversal, encodings, injection, wrong shapes, and anything encoded. */
const hostileId = fc.oneof(
  fc.constantFrom(
    '..',
    '../..',
    '..%2F..%2Ftenant',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5C..%5Cwindows',
    '%c0%ae%c0%ae%2f',
    '%00',
    '%ff%fe',
    "1'%20OR%20'1'%3D'1",
    '1%3BDROP%20TABLE%20tenants',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '00000000-0000-4000-8000-00000000000G',
    '{00000000-0000-4000-8000-000000000000}',
    '-1',
    'NaN',
    '1e309',
    '9'.repeat(400),
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map((s) => encodeURIComponent(s)),
);

describe('attack: tenant input, generated (text fields, path parameters, CSV export)', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let runtime: DataSource;
  let admin: Member;
  let tenantId: string;
  let integrationId: string;
  let csrf: string;
  let cookie: string;

  beforeAll(async () => {
    const redisUrl = await isolatedRedisUrl(); // no worker runs here: queued jobs stay queued
    world = await startXeroWorld({ REDIS_URL: redisUrl }, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    admin = await signedUpOwner(world, 'fuzz-input');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    integrationId = (await pairByHand(world, admin)).integrationId;
    const starter = await change(world, admin.browser, 'POST', `/api/integrations/${integrationId}/flows/starter`);
    expect(starter.status).toBeLessThan(300);
    csrf = (await sessionOf(world, admin.browser)).csrfToken;
    cookie = `lb_session=${admin.browser.cookie(world.api.url, 'lb_session')}`;
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await world?.close();
  });

  /** A request as the signed-in owner, path sent exactly as given. */
  const asOwner = (method: string, path: string, json?: unknown) =>
    rawRequest(world.api.url, {
      method,
      path,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: json === undefined ? undefined : Buffer.from(JSON.stringify(json)),
    });
  const json = (text: string) => (text ? JSON.parse(text) : undefined);

  it('tenant name: stored byte for byte, or refused cleanly and unchanged', async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, async (name) => {
        const before = json((await asOwner('GET', '/api/tenant')).text).name;
        const answer = await asOwner('PATCH', '/api/tenant', { name });
        const after = json((await asOwner('GET', '/api/tenant')).text).name;
        if (answer.status < 300) {
          expect(after).toBe(name);
          stored++;
        } else {
          expectCleanRefusal(answer, `tenant name ${JSON.stringify(name)}`);
          expect(after).toBe(before);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(stored).toBeGreaterThan(20);
  });

  it('alert rule name: stored byte for byte, or refused cleanly with no rule stored', async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, async (name) => {
        const rules = async () => json((await asOwner('GET', '/api/alerts/rules')).text) as Array<{ id: string }>;
        const before = (await rules()).length;
        const answer = await asOwner('POST', '/api/alerts/rules', {
          name,
          kind: 'dead-letters',
          threshold: 5,
          emailRecipients: ['finance@example.com'],
        });
        if (answer.status < 300) {
          const id = json(answer.text).rule.id as string;
          const got = json((await asOwner('GET', `/api/alerts/rules/${id}`)).text);
          expect(got.name ?? got.rule?.name).toBe(name);
          expect((await asOwner('DELETE', `/api/alerts/rules/${id}`)).status).toBeLessThan(300);
          stored++;
        } else {
          expectCleanRefusal(answer, `alert rule ${JSON.stringify(name)}`);
          expect((await rules()).length).toBe(before);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
    expect(stored).toBeGreaterThan(10);
  });

  it('invitation email: a hostile address is refused cleanly and nothing is sent or stored', async () => {
    const invitations = async () => (json((await asOwner('GET', '/api/tenant/invitations')).text) as unknown[]).length;
    const mails = () => owner.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM email_outbox`);
    await fc.assert(
      fc.asyncProperty(hostileText, fc.constantFrom('@example.test', ''), async (local, domain) => {
        const [before, mailsBefore] = [await invitations(), (await mails())[0].n];
        const email = `${local}${domain}`;
        const answer = await asOwner('POST', '/api/tenant/invitations', { email, role: 'viewer' });
        if (answer.status < 300) {
          // A valid address after all: stored as data, exactly (case aside).
          const listed = json((await asOwner('GET', '/api/tenant/invitations')).text) as Array<{
            id: string;
            email: string;
          }>;
          const mine = listed.find((i) => i.email.toLowerCase() === email.toLowerCase());
          expect(mine).toBeDefined();
          expect((await asOwner('DELETE', `/api/tenant/invitations/${mine!.id}`)).status).toBeLessThan(300);
        } else {
          expectCleanRefusal(answer, `invitation ${JSON.stringify(email)}`);
          expect(await invitations()).toBe(before);
          expect((await mails())[0].n).toBe(mailsBefore);
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('lookup-table keys and values: a new version stores them byte for byte, or the save is refused cleanly', async () => {
    const base = `/api/integrations/${integrationId}/mappings`;
    const heads = json((await asOwner('GET', base)).text) as Array<{ entity: string; direction: string }>;
    let target: { path: string; name: string; table: Record<string, unknown> } | undefined;
    for (const head of heads) {
      const doc = json((await asOwner('GET', `${base}/${head.entity}/${head.direction}`)).text);
      const lookups = (doc?.document?.lookups ?? []) as Array<Record<string, unknown> & { name: string }>;
      const table = lookups.find((l) => Array.isArray(l.keyFields) && (l.keyFields as unknown[]).length === 1);
      if (table) {
        target = { path: `${base}/${head.entity}/${head.direction}`, name: table.name, table };
        break;
      }
    }
    expect(target).toBeDefined();
    const { path, name, table } = target!;
    const valueField = Object.keys((table.entries as Array<{ value: Record<string, string> }>)[0]?.value ?? {})[0];
    expect(valueField).toBeDefined();
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (key, value) => {
        const before = json((await asOwner('GET', path)).text);
        const entries = [{ key: [key], value: { [valueField]: value } }];
        const { name: _name, ...rest } = table;
        const answer = await asOwner('PUT', `${path}/lookups/${encodeURIComponent(name)}`, {
          table: { ...rest, entries },
        });
        const after = json((await asOwner('GET', path)).text);
        if (answer.status < 300) {
          const saved = (after.document.lookups as Array<{ name: string; entries: unknown }>).find(
            (l) => l.name === name,
          );
          expect(saved?.entries).toEqual(entries);
          stored++;
        } else {
          expectCleanRefusal(answer, `lookup ${JSON.stringify([key, value])}`);
          expect(after.version).toBe(before.version);
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
    expect(stored).toBeGreaterThan(5);
  });

  it('every path parameter of every member route: malformed or traversing values are a clean 4xx, and nothing changes', async () => {
    const routes = listRoutes(world.api.app!, GLOBAL_PREFIX, UNPREFIXED_ROUTES).filter(
      (r) => r.access?.kind === 'roles' && r.path.includes('/:'),
    );
    expect(routes.length).toBeGreaterThan(40);
    const valid: Record<string, string> = {
      id: integrationId,
      integrationId,
      flowKey: 'invoices',
      entity: 'customer',
      direction: 'x3-to-xero',
      name: 'tax',
      version: '1',
      decision: 'approve',
      recordKey: 'SO00042',
    };
    const validOf = (param: string) => valid[param] ?? '00000000-0000-4000-8000-000000000000';
    const snapshot = async () =>
      JSON.stringify([
        json((await asOwner('GET', '/api/tenant')).text),
        json((await asOwner('GET', '/api/integrations')).text),
        json((await asOwner('GET', '/api/connections')).text),
        json((await asOwner('GET', '/api/tenant/members')).text),
      ]);
    const before = await snapshot();
    const cases = fc.tuple(fc.nat(), fc.nat(), hostileId);
    await fc.assert(
      fc.asyncProperty(cases, async ([r, p, bad]) => {
        const route = routes[r % routes.length];
        const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
        const hostile = params[p % params.length];
        const path = route.path.replace(/:([A-Za-z]+)/g, (_, n: string) =>
          n === hostile ? bad : encodeURIComponent(validOf(n)),
        );
        const answer = await asOwner(route.method, path, route.method === 'GET' ? undefined : {});
        expectCleanRefusal(answer, `${route.method} ${route.path} with ${hostile}=${bad}`);
      }),
      { seed: SEED, numRuns: 250 },
    );
    expect(await snapshot()).toBe(before);
    expect((await fetch(`${world.api.url}/health/live`)).status).toBe(200);
  });

  it('reconciliation differences.csv: keys from either system never start a spreadsheet formula', async () => {
    const tx = new TenantTransactions(runtime);
    const formulaStart = /^[=+\-@\t\r]/;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(hostileText, { minLength: 5, maxLength: 15 }), async (keys) => {
        await owner.query(`DELETE FROM recon_documents WHERE tenant_id = $1`, [tenantId]);
        for (const key of keys) {
          await owner.query(
            `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, counterparty,
               document_date, currency, total, amount_due, status, seen_at)
             VALUES ($1, $2, 'x3', 'invoice', $3, $3, $3, '2026-11-20', 'NZD', '100.00', '100.00', 'authorised', now())`,
            [tenantId, integrationId, key.replace(/\0/g, '')],
          );
        }
        const started = await asOwner('POST', `/api/integrations/${integrationId}/reconciliation/runs`, {
          asOf: '2026-11-30',
        });
        expect(started.status).toBe(202);
        const runId = json(started.text).id as string;
        await reconcileRun({ tx }, tenantId, runId);
        const csv = await asOwner(
          'GET',
          `/api/integrations/${integrationId}/reconciliation/runs/${runId}/differences.csv`,
        );
        expect(csv.status).toBe(200);
        const rows = parse<Record<string, string>>(csv.text, { columns: true });
        for (const row of rows) {
          for (const cell of Object.values(row)) {
            if (formulaStart.test(cell)) expect(cell).toMatch(/^-?\d+(\.\d+)?$/);
          }
        }
        // Each key is there as text: itself, or behind the apostrophe that neutralises it.
        const exported = rows.map((r) => r.match_key);
        for (const key of keys.map((k) => k.replace(/\0/g, ''))) {
          expect(exported).toContain(formulaStart.test(key) ? `'${key}` : key);
        }
      }),
      { seed: SEED, numRuns: 3 },
    );
  });
});
