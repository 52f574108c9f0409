// One dead letter opened: its source record as read (bank and tax numbers masked), the mapping
// version and the target's words — for any member of the tenant, nobody else; held changes and
// unknown or malformed ids are not dead letters.
import { DataSource } from 'typeorm';
import { ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, seedSettled, signedUpOwner } from './flows-world';
import { read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('operations: a dead letter with its source record', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let tenantId: string;
  let integrationId: string;
  let base: string;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: await isolatedRedisUrl() });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'letters');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    ({ integrationId } = await pairByHand(world, admin));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    base = `/api/integrations/${integrationId}/dead-letters`;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('shows the source record with bank and tax numbers masked, the mapping version and the messages', async () => {
    const id = await seedSettled(owner, {
      tenantId,
      integrationId,
      flowKey: 'customers',
      entity: 'customer',
      sourceKey: 'NZC0042',
      state: 'dead',
      error: 'validation',
      mappingVersion: 3,
      outcome: { messages: ['Account code 999 is not valid'] },
    });
    const source = {
      BPCNUM: 'NZC0042',
      BPCNAM: 'Kiwi Fruit Ltd',
      CRN: 'NZ123456789',
      BPCBPSBANK: [{ IBAN: 'NZ0212345678901234', BIC: 'ANZBNZ22', BANKNAME: 'ANZ' }],
      VATNO: 'GB999999973',
      address: { city: 'Auckland' },
    };
    await owner.query(`UPDATE sync_pending_changes SET source = $2::jsonb WHERE id = $1`, [id, JSON.stringify(source)]);

    const res = await read(world, viewer.browser, `${base}/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      flowKey: 'customers',
      sourceKey: 'NZC0042',
      mappingVersion: 3,
      messages: ['Account code 999 is not valid'],
      source: {
        BPCNUM: 'NZC0042',
        BPCNAM: 'Kiwi Fruit Ltd',
        CRN: '•••••••6789',
        BPCBPSBANK: [{ IBAN: '••••••••••••••1234', BIC: '••••NZ22', BANKNAME: '•••' }],
        VATNO: '•••••••9973',
        address: { city: 'Auckland' },
      },
    });
    const text = JSON.stringify(res.body);
    for (const whole of ['NZ123456789', 'NZ0212345678901234', 'GB999999973']) expect(text).not.toContain(whole);
  });

  it('refuses another tenant (404), a held change (404), an unknown id (404) and a malformed one (400)', async () => {
    const dead = await seedSettled(owner, {
      tenantId,
      integrationId,
      flowKey: 'customers',
      entity: 'customer',
      sourceKey: 'NZC0043',
      state: 'dead',
    });
    const held = await seedSettled(owner, {
      tenantId,
      integrationId,
      flowKey: 'invoices',
      entity: 'invoice',
      sourceKey: 'FAC9',
      state: 'held',
    });
    expect((await read(world, stranger.browser, `${base}/${dead}`)).status).toBe(404);
    expect((await read(world, admin.browser, `${base}/${held}`)).status).toBe(404);
    expect((await read(world, admin.browser, `${base}/${NOBODY}`)).status).toBe(404);
    expect((await read(world, admin.browser, `${base}/not-an-id`)).status).toBe(400);
    expect((await read(world, admin.browser, `/api/integrations/${NOBODY}/dead-letters/${dead}`)).status).toBe(404);
  });
});
