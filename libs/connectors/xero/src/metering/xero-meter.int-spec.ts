// The cost meter against the real thing: calls through the connector to the Xero sandbox over
// HTTP (its X-DayLimit-Remaining on every answer), counted in the real Redis.
import { randomUUID } from 'node:crypto';
import type { AccountingApi } from 'xero-node';
import { requireEnv } from '#lb/testing';
import { connectedTenant, harness, Harness } from '../../test/connector-harness';
import { SandboxProcess, startSandboxProcess } from '../../test/sandbox-process';
import { XeroOrg } from '../xero-org';

const SANDBOX_DAY = 50;
const HOUR = 3_600_000;

const readOrganisation = (org: XeroOrg) =>
  org.call({ operation: 'get:organisations', isWrite: false }, (api: AccountingApi, t: string) =>
    api.getOrganisations(t),
  );

const createContact = (org: XeroOrg, name: string) =>
  org.call({ operation: 'create:contacts', isWrite: true }, (api: AccountingApi, t: string) =>
    api.createContacts(t, { contacts: [{ name }] }),
  );

describe('Xero cost meter (sandbox over HTTP, real Redis)', () => {
  let sb: SandboxProcess;
  let h: Harness;

  beforeAll(async () => {
    sb = await startSandboxProcess({
      SANDBOX_DATABASE_URL: requireEnv('SANDBOX_DATABASE_URL'),
      SANDBOX_XERO_DAY_LIMIT: String(SANDBOX_DAY),
    });
    h = await harness(sb.url);
  });
  afterAll(async () => {
    await h?.close();
    await sb?.stop();
  });

  it('counts calls and both directions of bytes per organisation, and per tenant for operators', async () => {
    const c = h.connector();
    const a = await connectedTenant(h, sb.url, c);
    const b = await connectedTenant(h, sb.url, c);
    const orgA = await c.orgs.forConnection(a.tenantId, a.connectionId);
    const orgB = await c.orgs.forConnection(b.tenantId, b.connectionId);

    const read = await readOrganisation(orgA);
    await readOrganisation(orgA);
    const name = `Meter ${randomUUID()}`;
    await createContact(orgA, name);
    await readOrganisation(orgB);

    const rollA = await c.meter.rolling(a.connectionId);
    const rollB = await c.meter.rolling(b.connectionId);
    expect(rollA.calls).toBe(3);
    expect(rollB.calls).toBe(1);
    // A's two organisation reads plus the contact's answer came in, B's single read
    expect(read.body.organisations).toHaveLength(1);
    expect(rollB.bytesIn).toBeGreaterThan(100);
    expect(rollA.bytesIn).toBeGreaterThan(2 * rollB.bytesIn - 100);
    // only the write sent a body worth the name (xero-node sends "{}" with a GET)
    expect(rollA.bytesOut).toBeGreaterThan(Buffer.byteLength(name));
    expect(rollB.bytesOut).toBeLessThan(Buffer.byteLength(name));

    const today = c.meter.today();
    const dayA = await c.meter.day(a.connectionId, today);
    expect(dayA).toMatchObject({ calls: 3, 'op:get:organisations': 2, 'op:create:contacts': 1, 'outcome:ok': 3 });
    expect(dayA.bytes_in).toBe(rollA.bytesIn);
    expect(dayA.bytes_out).toBe(rollA.bytesOut);
    const history = await c.meter.history(a.connectionId, 14);
    expect(history).toHaveLength(14);
    expect(history[13]).toEqual({ date: today, calls: 3, bytesIn: rollA.bytesIn, bytesOut: rollA.bytesOut });
    expect(history.slice(0, 13).every((d) => d.calls === 0)).toBe(true);

    const drivers = await c.meter.tenantsDriving(today, 1000);
    expect(drivers).toContainEqual({ tenantId: a.tenantId, calls: 3, bytes: rollA.bytesIn + rollA.bytesOut });
    expect(drivers).toContainEqual({ tenantId: b.tenantId, calls: 1, bytes: rollB.bytesIn + rollB.bytesOut });
    expect(drivers.findIndex((d) => d.tenantId === a.tenantId)).toBeLessThan(
      drivers.findIndex((d) => d.tenantId === b.tenantId),
    );
  });

  it("counts the rolling 24 h, not the calendar day: calls 23 h back count, 25 h back do not; Xero's own figure is what is left", async () => {
    const T = Date.now();
    let clock = T - 25 * HOUR;
    const c = h.connector({}, { meterNow: () => clock });
    const t = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(t.tenantId, t.connectionId);

    for (let i = 0; i < 3; i++) await readOrganisation(org); // 25 h back
    clock = T - 23 * HOUR;
    for (let i = 0; i < 2; i++) await readOrganisation(org); // 23 h back
    clock = T;
    await readOrganisation(org);

    const roll = await c.meter.rolling(t.connectionId);
    expect(roll.calls).toBe(3);
    expect(roll.windowEnd).toBe(new Date(T).toISOString());
    expect(roll.windowStart).toBe(new Date(T - 24 * HOUR).toISOString());
    // the sandbox counted all six calls in its own (real-time) day and said so in X-DayLimit-Remaining
    expect(roll.xeroRemaining).toBe(SANDBOX_DAY - 6);
    expect(roll.xeroReportedAt).toBe(new Date(T).toISOString());

    // one hour on: the two calls made 23 h back leave the window too
    clock = T + HOUR + 1;
    const later = await c.meter.rolling(t.connectionId);
    expect(later.calls).toBe(1);
    expect(later.xeroRemaining).toBe(SANDBOX_DAY - 6);
    // a day after Xero last reported, its figure is stale and no longer offered
    clock = T + 24 * HOUR + 1;
    expect(await c.meter.rolling(t.connectionId)).toMatchObject({ calls: 0, xeroRemaining: null });
  });

  it('takes the calls made after Xero last reported off its figure', async () => {
    const T = Date.now();
    let clock = T - 10_000;
    const c = h.connector({}, { meterNow: () => clock });
    const t = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(t.tenantId, t.connectionId);
    await readOrganisation(org);
    // a later call whose answer carried no header (a refused token, say) is still a call
    clock = T;
    await c.meter.record({
      connectionId: t.connectionId,
      operation: 'get:contacts',
      outcome: 'transient',
      bytesIn: 0,
      bytesOut: 0,
    });
    const roll = await c.meter.rolling(t.connectionId);
    expect(roll).toMatchObject({ calls: 2, xeroRemaining: SANDBOX_DAY - 2 });
    expect(roll.xeroReportedAt).toBe(new Date(T - 10_000).toISOString());
  });

  it("counts the rolling minute: a call 61 s back does not count; Xero's X-MinLimit-Remaining less calls since is what is left", async () => {
    const T = Date.now();
    let clock = T - 61_000;
    const c = h.connector({}, { meterNow: () => clock });
    const t = await connectedTenant(h, sb.url, c);
    const org = await c.orgs.forConnection(t.tenantId, t.connectionId);
    await readOrganisation(org); // 61 s back on the meter's clock (the sandbox sees it now)
    clock = T - 5_000;
    await readOrganisation(org);
    clock = T;
    await c.meter.record({
      connectionId: t.connectionId,
      operation: 'get:contacts',
      outcome: 'ok',
      bytesIn: 0,
      bytesOut: 0,
    });
    const minute = await c.meter.minute(t.connectionId);
    expect(minute.calls).toBe(2);
    expect(minute.windowStart).toBe(new Date(T - 60_000).toISOString());
    // the sandbox saw both reads within its minute (limit 60): 58 left when it answered, one call since
    expect(minute.xeroRemaining).toBe(57);
    expect(minute.xeroReportedAt).toBe(new Date(T - 5_000).toISOString());
    clock = T + 60_001;
    expect(await c.meter.minute(t.connectionId)).toMatchObject({ calls: 0, xeroRemaining: null, xeroReportedAt: null });
  });
});
