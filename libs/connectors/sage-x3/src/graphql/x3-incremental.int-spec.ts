/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SandboxFixture, collect, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { INITIAL_CURSOR, X3SyncCursor } from '../sync/incremental-cursor';
import { X3Transport } from '../x3-transport';

jest.setTimeout(60_000);

describe('incremental reads on _updateStamp', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  beforeAll(async () => {
    fx = await startFixture();
    x3 = createX3Transport(fx.settings);
  }, 60_000);
  afterAll(async () => {
    x3?.close();
    await fx?.close();
  });

  async function poll(cursor: X3SyncCursor): Promise<{ ids: string[]; cursor: X3SyncCursor }> {
    const stream = x3.listChanged('customer', { cursor, overlapSeconds: 60, pageSize: 7 });
    const ids = (await collect(stream)).map((r) => r._id);
    return { ids, cursor: stream.nextCursor() };
  }

  const secondAfter = async (stamp: string) => {
    const wait = Date.parse(stamp) + 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 20));
  };

  it('skips nothing and repeats nothing across same-second stamps and a late commit', async () => {
    const first = await poll(INITIAL_CURSOR);
    expect(first.ids.length).toBe(21);
    expect((await poll(first.cursor)).ids).toEqual([]); // unchanged records never loop

    // A save without change in the second already read is indistinguishable from the record
    // already delivered (same stamp, same content), so move past that second first.
    await secondAfter(first.cursor.stamp!);
    // Several customers saved in the same second, read across page boundaries (page size 7).
    const touched = await fx.control('POST', '/touch', {
      entity: 'customer',
      ids: ['AU001', 'AU002', 'AU003', 'GB001', 'NZ001', 'ZA001', 'ZA005', 'ES001'],
    });
    expect(touched.body.touched).toBe(8);
    const second = await poll(first.cursor);
    expect(second.ids.sort()).toEqual(['AU001', 'AU002', 'AU003', 'ES001', 'GB001', 'NZ001', 'ZA001', 'ZA005']);

    // Another customer changes, possibly in the second the previous poll ended on.
    await fx.control('POST', '/touch', { entity: 'customer', ids: ['PT001'] });
    const sameSecond = await poll(second.cursor);
    expect(sameSecond.ids).toEqual(['PT001']);

    // A long transaction commits late: its stamp is below the newest stamp already served.
    const late = await fx.control('POST', '/late-commits', {
      entity: 'customer',
      id: 'AE003',
      changes: { companyName: 'Dubai Trading LLC (late)' },
      secondsBehind: 5,
    });
    expect(late.status).toBe(201);
    expect(Date.parse(late.body.updateStamp)).toBeLessThan(Date.parse(sameSecond.cursor.stamp!));
    const third = await poll(sameSecond.cursor);
    expect(third.ids).toEqual(['AE003']);
    expect((await poll(third.cursor)).ids).toEqual([]);
  });

  it('sees changes made by simulated ERP users', async () => {
    const before = await poll(INITIAL_CURSOR);
    const changed = await fx.control('PATCH', '/customers/GB001', {
      companyName: 'London Stationers Group',
      paymentTerm: 'CH30NETEOM',
    });
    expect(changed.status).toBe(200);
    const after = await poll(before.cursor);
    expect(after.ids).toEqual(['GB001']);
    expect((await x3.get('customer', 'GB001')).companyName).toBe('London Stationers Group');
    // Saved again at once (very likely the same second, so the same stamp): still delivered.
    await fx.control('PATCH', '/customers/GB001', { companyName: 'London Stationers Group plc' });
    const again = await poll(after.cursor);
    expect(again.ids).toEqual(['GB001']);
    expect((await poll(again.cursor)).ids).toEqual([]);
  });
});
