/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { createTenant, runtimeDataSource } from '#lb/testing';
import { SandboxFixture, collect, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { INITIAL_CURSOR, X3SyncCursor } from '../sync/incremental-cursor';
import { X3DeliveryScope, X3DeliveryStore } from '../sync/x3-delivery-store';
import { X3DeliveredRecord } from '../sync/x3-delivered-record.entity';
import { X3ConnectionStore } from '../connections/x3-connection-store';
import { X3Transport } from '../x3-transport';

describe('incremental reads on _updateStamp, delivered hashes on PostgreSQL', () => {
  let fx: SandboxFixture;
  let x3: X3Transport;
  let ds: DataSource;
  let tx: TenantTransactions;
  let deliveries: X3DeliveryStore;
  let connections: X3ConnectionStore;

  beforeAll(async () => {
    fx = await startFixture();
    x3 = createX3Transport(fx.settings);
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
    deliveries = new X3DeliveryStore(tx);
    connections = new X3ConnectionStore(new SecretStore(new SecretBox(new KeyRing({ k1: randomBytes(32) }, 'k1'))));
  });
  afterAll(async () => {
    x3?.close();
    await fx?.close();
    await ds?.destroy();
  });

  /** A tenant with its own X3 connection row, consuming customers as `consumer`. */
  async function newScope(consumer = 'integration-1'): Promise<X3DeliveryScope> {
    const tenantId = await createTenant(tx);
    const conn = await tx.run(tenantId, (m) =>
      connections.create(m, tenantId, {
        name: 'Sandbox',
        baseUrl: fx.settings.baseUrl,
        endpoint: fx.settings.endpoint,
        companies: [],
        auth: fx.settings.auth,
      }),
    );
    return { tenantId, x3ConnectionId: conn.id, consumer, entity: 'customer' };
  }

  /** One poll as the sync engine does it: read, accept, mark delivered, then keep the cursor. */
  async function poll(scope: X3DeliveryScope, cursor: X3SyncCursor) {
    const stream = x3.listChanged(scope.entity, { cursor, delivered: deliveries.hashes(scope), pageSize: 7 });
    const records = await collect(stream);
    await tx.run(scope.tenantId, (m) =>
      deliveries.markDelivered(
        m,
        scope,
        records.map((r) => stream.deliveryOf(r)),
      ),
    );
    return { ids: records.map((r) => r._id), records, cursor: stream.nextCursor() };
  }

  const start: X3SyncCursor = { ...INITIAL_CURSOR, overlapSeconds: 60 };

  const secondAfter = async (stamp: string) => {
    const wait = Date.parse(stamp) + 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 20));
  };

  /** Saves a customer with a stamp `secondsBehind` the folder's newest: repeatable within one second. */
  async function saveBehind(id: string, changes: Record<string, unknown>, secondsBehind = 10): Promise<string> {
    const saved = await fx.control('POST', '/late-commits', { entity: 'customer', id, changes, secondsBehind });
    expect(saved.status).toBe(201);
    return saved.body.updateStamp as string;
  }

  it('skips nothing and repeats nothing across same-second stamps and a late commit', async () => {
    const scope = await newScope();
    const first = await poll(scope, start);
    expect(first.ids.length).toBe(21);
    expect(first.cursor).toEqual({ stamp: expect.any(String), overlapSeconds: 60, wideReadAt: expect.any(String) });
    expect((await poll(scope, first.cursor)).ids).toEqual([]); // an unchanged re-read costs no delivery

    await secondAfter(first.cursor.stamp!);
    // Several customers saved in the same second, read across page boundaries (page size 7).
    const touched = await fx.control('POST', '/touch', {
      entity: 'customer',
      ids: ['AU001', 'AU002', 'AU003', 'GB001', 'NZ001', 'ZA001', 'ZA005', 'ES001'],
    });
    expect(touched.body.touched).toBe(8);
    const second = await poll(scope, first.cursor);
    expect(second.ids.sort()).toEqual(['AU001', 'AU002', 'AU003', 'ES001', 'GB001', 'NZ001', 'ZA001', 'ZA005']);

    await fx.control('POST', '/touch', { entity: 'customer', ids: ['PT001'] });
    const sameSecond = await poll(scope, second.cursor);
    expect(sameSecond.ids).toEqual(['PT001']);

    // A long transaction commits late: below the high-water mark, inside the overlap.
    const lateStamp = await saveBehind('AE003', { companyName: 'Dubai Trading LLC (late)' }, 5);
    expect(Date.parse(lateStamp)).toBeLessThan(Date.parse(sameSecond.cursor.stamp!));
    const third = await poll(scope, sameSecond.cursor);
    expect(third.ids).toEqual(['AE003']);
    expect(third.cursor.stamp).toBe(sameSecond.cursor.stamp); // a late commit never lowers the mark
    expect((await poll(scope, third.cursor)).ids).toEqual([]);
  });

  it('delivers A -> B -> A saved within one stamp second three times', async () => {
    const scope = await newScope();
    let { cursor } = await poll(scope, start);
    const names = ['Ledgerbridge A', 'Ledgerbridge B', 'Ledgerbridge A'];
    const stamps: string[] = [];
    for (const companyName of names) {
      stamps.push(await saveBehind('NZ001', { companyName }));
      const polled = await poll(scope, cursor);
      expect(polled.records.map((r) => [r._id, r.companyName])).toEqual([['NZ001', companyName]]);
      cursor = polled.cursor;
    }
    expect(new Set(stamps).size).toBe(1); // all three saves carry the same stamp
    expect((await poll(scope, cursor)).ids).toEqual([]);
    const stored = await tx.run(scope.tenantId, (m) =>
      m.findOneByOrFail(X3DeliveredRecord, { x3ConnectionId: scope.x3ConnectionId, recordKey: 'NZ001' }),
    );
    expect(stored.updateStamp.toISOString()).toBe(stamps[0]);
  });

  it('a wide re-read reads keys and stamps, and whole only what moved: a late commit, never the unchanged', async () => {
    const scope = await newScope();
    const first = await poll(scope, start);
    // 30 s below the mark: outside the narrow 15 s every poll re-reads, inside the 60 s wide window
    await saveBehind('AE003', { companyName: 'Dubai Trading LLC (late, wide)' }, 30);
    const hashes = deliveries.hashes(scope);
    const narrow = x3.listChanged('customer', { cursor: first.cursor, delivered: hashes, window: 'narrow' });
    expect(await collect(narrow)).toEqual([]);

    const compared: string[] = [];
    const counting = {
      lastDelivered: (keys: string[]) => {
        compared.push(...keys);
        return hashes.lastDelivered(keys);
      },
      lastStamps: (keys: string[]) => hashes.lastStamps!(keys),
    };
    const wide = x3.listChanged('customer', { cursor: first.cursor, delivered: counting, window: 'wide' });
    const read = await collect(wide);
    expect(read.map((r) => [r._id, r.companyName])).toEqual([['AE003', 'Dubai Trading LLC (late, wide)']]);
    // only the record whose stamp moved was read whole and compared; the other 20 were not
    expect(compared).toEqual(['AE003']);
    await tx.run(scope.tenantId, (m) => deliveries.markDelivered(m, scope, [wide.deliveryOf(read[0])]));
    const again = x3.listChanged('customer', { cursor: wide.nextCursor(), delivered: hashes, window: 'wide' });
    expect(await collect(again)).toEqual([]);
  });

  it('delivers again what was read but never marked delivered', async () => {
    const scope = await newScope();
    const first = await poll(scope, start);
    await saveBehind('GB001', { companyName: 'Read, then the worker died' });
    const unaccepted = x3.listChanged('customer', { cursor: first.cursor, delivered: deliveries.hashes(scope) });
    expect((await collect(unaccepted)).map((r) => r._id)).toEqual(['GB001']);
    // Nothing marked, cursor not stored: the next poll from the same cursor delivers it again.
    expect((await poll(scope, first.cursor)).ids).toEqual(['GB001']);
  });

  it('keeps each consumer apart, and hides one tenant’s hashes from another', async () => {
    const a = await newScope('integration-1');
    await poll(a, start);
    const otherConsumer = { ...a, consumer: 'integration-2' };
    expect((await poll(otherConsumer, start)).ids.length).toBe(21);

    const b = await newScope('integration-1');
    await expect(tx.run(b.tenantId, (m) => m.count(X3DeliveredRecord))).resolves.toBe(0);
    // Even naming tenant A's connection, tenant B sees none of its hashes.
    const peek = await deliveries.hashes({ ...a, tenantId: b.tenantId }).lastDelivered(['AE003', 'GB001']);
    expect(peek.size).toBe(0);
    expect((await tx.run(a.tenantId, (m) => deliveries.lastDelivered(m, a, ['AE003', 'GB001']))).size).toBe(2);
    // Nor can it write under tenant A's connection (the composite key names its own tenant).
    await expect(
      tx.run(b.tenantId, (m) =>
        deliveries.markDelivered(m, { ...a, tenantId: b.tenantId }, [
          { key: 'AE003', hash: 'x', stamp: new Date().toISOString() },
        ]),
      ),
    ).rejects.toThrow(/foreign key/);
    expect((await poll(b, start)).ids.length).toBe(21);
  });

  it('sees changes made by simulated ERP users, even saved twice within one second', async () => {
    const scope = await newScope();
    const before = await poll(scope, start);
    const changed = await fx.control('PATCH', '/customers/GB001', {
      companyName: 'London Stationers Group',
      paymentTerm: 'CH30NETEOM',
    });
    expect(changed.status).toBe(200);
    const after = await poll(scope, before.cursor);
    expect(after.ids).toEqual(['GB001']);
    expect((await x3.get('customer', 'GB001')).companyName).toBe('London Stationers Group');
    await fx.control('PATCH', '/customers/GB001', { companyName: 'London Stationers Group plc' });
    const again = await poll(scope, after.cursor);
    expect(again.ids).toEqual(['GB001']);
    expect((await poll(scope, again.cursor)).ids).toEqual([]);
  });
});
