// Fault (f): the Xero refresh token is revoked mid-run (the user removed the app in Xero, or Xero
// did). The integration must pause for re-authorisation rather than fail records; X3 gains
// invoices meanwhile; once the admin consents again, everything moves, each invoice once in Xero.
import { connectXero, read } from '../../../api/test/xero-world';
import { control as xeroControl } from '../../../sandbox/src/xero/testing/sandbox-harness';
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  startWorkerPatiently,
  linkedInvoices,
  seedAndEnable,
  Seeded,
  startFaultWorld,
  waitSettled,
} from './fault-world';

const CUSTOMERS = 30;
const INVOICES = 200;
/** Scaled so the 30-minute access token runs out within a real minute and the revoked refresh is met. */
const CLOCK_SCALE = 60;
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

describe('fault: Xero refresh token revoked', () => {
  let world: SyncWorld;
  let t: SyncTenant;

  const integration = async () =>
    (
      await world.owner.query<Array<{ status: string; pause_reasons: string[] }>>(
        'SELECT status, pause_reasons FROM integrations WHERE id = $1',
        [t.integrationId],
      )
    )[0];

  beforeAll(async () => {
    world = await startFaultWorld({ clockScale: CLOCK_SCALE });
    await startWorkerPatiently(world);
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    'pauses for re-authorisation, loses nothing, and completes after the admin consents again',
    async () => {
      const before = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      await world.probe('the first invoices linked', { timeoutMs: 900_000, stallMs: 300_000 }).until(async () => {
        const n = await linkedInvoices(world, t, before);
        return { done: n > 0 ? n : undefined, progress: { n, counts: await world.pending(t) } };
      });
      const revoked = await xeroControl(world.sandbox, t.org, 'POST', '/revoke-tokens', {
        clientId: world.app.clientId,
      });
      expect(revoked.status).toBe(201);
      expect(revoked.body).toEqual({ revokedGrants: 1 });
      // X3's users carry on meanwhile.
      const during = await world.seedInvoices(t, CUSTOMERS / 2, INVOICES / 2);
      const paused = await world
        .probe('the integration paused for re-authorisation', { timeoutMs: 900_000, stallMs: 300_000 })
        .until(async () => {
          const row = await integration();
          return { done: row.pause_reasons.includes('reauthorisation') ? row : undefined, progress: row };
        });
      expect(paused.status).toBe('paused');
      // The user is told, where the SPA shows it: the organisation needs re-authorisation.
      const connections = await read(world.asXeroWorld, t.admin, '/api/connections');
      expect(connections.body.xero).toEqual([
        expect.objectContaining({ id: t.xeroConnectionId, status: 'needs_reauthorisation' }),
      ]);
      const integrations = await read(world.asXeroWorld, t.admin, '/api/integrations');
      expect(integrations.body).toEqual([expect.objectContaining({ id: t.integrationId, status: 'paused' })]);
      const seeded: Seeded = {
        customers: [...before.customers, ...during.customers],
        invoices: [...before.invoices, ...during.invoices],
      };
      // Paused, not failed: no record went to the dead-letter list for want of a token.
      expect(await world.seededDeadLetters(t, seeded)).toEqual([]);
      expect(await linkedInvoices(world, t, seeded)).toBeLessThan(seeded.invoices.length);

      await connectXero(world.asXeroWorld, t.admin, t.org);
      expect(await integration()).toEqual({ status: 'active', pause_reasons: [] });
      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      await expectAgreement(world, t, seeded);
    },
    RUN_MS,
  );
});
