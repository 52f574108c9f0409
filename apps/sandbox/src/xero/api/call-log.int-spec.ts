/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { ApiFixture, apiFixture, control, http } from '../testing/sandbox-harness';

type Logged = {
  seq: number;
  clientId: string;
  startMs: number;
  endMs: number | null;
  status: number;
  problem?: string;
};

describe('Xero sandbox: the call log per organisation', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture('calllog', { xero: { dayLimit: 3 } });
  });
  afterAll(async () => f?.sb.close());

  it('logs admitted calls with their status and refused ones with their problem, in pages after a seq', async () => {
    for (let i = 0; i < 4; i++) await f.call('GET', '/Currencies');
    const all = await control(f.sb, f.org, 'GET', '/calls');
    expect(all.status).toBe(200);
    const calls = all.body.calls as Logged[];
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 429]);
    expect(calls[3].problem).toBe('day');
    expect(new Set(calls.map((c) => c.clientId))).toEqual(new Set([f.app.clientId]));
    for (const c of calls) expect(c.endMs).toBeGreaterThanOrEqual(c.startMs);
    expect(all.body.dropped).toBe(0);
    const page = await control(f.sb, f.org, 'GET', `/calls?after=${calls[1].seq}&limit=1`);
    expect((page.body.calls as Logged[]).map((c) => c.seq)).toEqual([calls[2].seq]);
  });

  it('is refused without the control token and for bad paging', async () => {
    const bare = await http(`${f.sb.url}/xero-control/organisations/${f.org.tenantId}/calls`);
    expect(bare.status).toBe(401);
    expect((await control(f.sb, f.org, 'GET', '/calls?after=-1')).status).toBe(400);
    expect((await control(f.sb, f.org, 'GET', '/calls?limit=0')).status).toBe(400);
    expect((await control(f.sb, f.org, 'GET', '/calls?limit=abc')).status).toBe(400);
  });
});
