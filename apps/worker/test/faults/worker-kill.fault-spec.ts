// Fault (a): the worker is killed (SIGKILL) while a Xero batch is in flight. Xero stores that
// batch after the worker died (the sandbox holds the write for a few seconds, then saves it), so
// the next worker meets the ambiguous outcome: it must find those invoices by number rather than
// post them again. Ends with the agreement check on both sandboxes' stores.
import { control as xeroControl } from '../../../sandbox/src/xero/testing/sandbox-harness';
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  startWorkerPatiently,
  linkedInvoices,
  seedAndEnable,
  Seeded,
  startFaultWorld,
  waitFor,
  waitSettled,
} from './fault-world';
import { Client } from 'pg';
import { requireEnv } from '#lb/testing';
import { checkAgreement } from './agreement';

const CUSTOMERS = 40;
const INVOICES = 300;
/** How long the sandbox holds the write before saving it: long enough to kill the worker meanwhile. */
const HOLD_MS = 8_000;
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

/** Scenario invoices Xero holds, counted in the sandbox's store (not through our code). */
async function storedInXero(t: SyncTenant, seeded: Seeded): Promise<number> {
  const db = new Client({ connectionString: requireEnv('SANDBOX_DATABASE_URL') });
  await db.connect();
  try {
    const r = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM xero_entities
       WHERE org_id = $1 AND kind = 'Invoice' AND doc->>'InvoiceNumber' = ANY($2::text[])`,
      [t.org.tenantId, seeded.invoices],
    );
    return r.rows[0].n;
  } finally {
    await db.end();
  }
}

/**
 * The check must be able to fail: with one invoice copied, one total moved by a cent, one invoice
 * deleted and one contact copied in Xero's store, it names exactly those.
 */
async function expectCheckToSeeTampering(t: SyncTenant, seeded: Seeded): Promise<void> {
  const [copied, changed, deleted] = seeded.invoices;
  const db = new Client({ connectionString: requireEnv('SANDBOX_DATABASE_URL') });
  await db.connect();
  try {
    const invoice = `org_id = $1 AND kind = 'Invoice' AND doc->>'InvoiceNumber' = $2`;
    await db.query(
      `INSERT INTO xero_entities (org_id, kind, id, doc, updated_ms)
       SELECT org_id, kind, n.id, jsonb_set(doc, '{InvoiceID}', to_jsonb(n.id)), updated_ms
       FROM xero_entities, (SELECT gen_random_uuid()::text AS id) n WHERE ${invoice}`,
      [t.org.tenantId, copied],
    );
    await db.query(
      `UPDATE xero_entities SET doc = jsonb_set(doc, '{Total}', to_jsonb((doc->>'Total')::numeric + 0.01)) WHERE ${invoice}`,
      [t.org.tenantId, changed],
    );
    await db.query(`DELETE FROM xero_entities WHERE ${invoice}`, [t.org.tenantId, deleted]);
    await db.query(
      `INSERT INTO xero_entities (org_id, kind, id, doc, updated_ms)
       SELECT org_id, kind, n.id, jsonb_set(doc, '{ContactID}', to_jsonb(n.id)), updated_ms
       FROM xero_entities, (SELECT gen_random_uuid()::text AS id) n
       WHERE org_id = $1 AND kind = 'Contact' AND doc->>'ContactNumber' = $2`,
      [t.org.tenantId, seeded.customers[0]],
    );
  } finally {
    await db.end();
  }
  const seen = await checkAgreement({
    sandboxDatabaseUrl: requireEnv('SANDBOX_DATABASE_URL'),
    x3Folder: t.folder.folder,
    xeroOrgId: t.org.tenantId,
    customers: seeded.customers,
    invoices: seeded.invoices,
  });
  expect(seen.duplicatedInvoices).toEqual([[copied, 2]]);
  expect(seen.differingInvoices.map((d) => d.number)).toEqual([changed]);
  expect(seen.missingInvoices).toEqual([deleted]);
  expect(seen.duplicatedCustomers).toEqual([[seeded.customers[0], 2]]);
}

describe('fault: worker killed mid-batch', () => {
  let world: SyncWorld;
  let t: SyncTenant;

  beforeAll(async () => {
    world = await startFaultWorld();
    await startWorkerPatiently(world);
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    `leaves each of ${INVOICES} invoices exactly once in Xero after a SIGKILL with a batch in flight`,
    async () => {
      // Invoice writes (PUT creates, POST updates or creates) are held, whichever comes first.
      for (const method of ['PUT', 'POST']) {
        const armed = await xeroControl(world.sandbox, t.org, 'POST', '/faults', {
          kind: 'slow',
          pathContains: '/Invoices',
          method,
          delayMs: HOLD_MS,
        });
        expect(armed.status).toBe(201);
      }
      const seeded = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      // A held write has taken its fault: the batch is in flight now.
      await world.probe('an invoice batch in flight', { timeoutMs: 900_000, stallMs: 300_000 }).until(async () => {
        const faults = (await xeroControl(world.sandbox, t.org, 'GET', '/faults')).body as { faults: unknown[] };
        return { done: faults.faults.length < 2 || undefined, progress: faults.faults.length };
      });
      await world.killWorker();
      await xeroControl(world.sandbox, t.org, 'DELETE', '/faults');
      // The kill landed mid-run (or the test proves nothing) ...
      expect(await linkedInvoices(world, t, seeded)).toBeLessThan(INVOICES);
      // ... and Xero saved the batch the dead worker sent: the next worker faces its ambiguous outcome.
      await waitFor('Xero to store the batch the killed worker sent', 120_000, async () =>
        (await storedInXero(t, seeded)) > 0 ? true : undefined,
      );
      await startWorkerPatiently(world);
      // Claims of the killed worker are taken again when their leases expire: the backstop allows for that.
      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      await expectAgreement(world, t, seeded);
      await expectCheckToSeeTampering(t, seeded);
    },
    RUN_MS,
  );
});
