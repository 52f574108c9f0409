/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { webhookValidator } from '../testing/webhook-schema';
import {
  Sandbox,
  TestApp,
  TestOrg,
  api,
  authorize,
  basic,
  control,
  createOrg,
  http,
  registerApp,
  startSandbox,
  uniq,
  Json,
} from '../testing/sandbox-harness';

interface Received {
  body: string;
  signature: string;
  valid: boolean;
  at: number;
}

const SLOW_REPLY_MS = 20_000;

/** A webhook receiver on 127.0.0.1 that checks signatures and answers as its mode says. */
class Receiver {
  readonly received: Received[] = [];
  mode: 'honest' | 'always200' | 'fail' | 'slow' = 'honest';
  key = '';
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const signature = String(req.headers['x-xero-signature'] ?? '');
        const valid = createHmac('sha256', this.key).update(body).digest('base64') === signature;
        this.received.push({ body, signature, valid, at: Date.now() });
        // well past the 5 s (real) reply deadline below
        if (this.mode === 'slow') return void setTimeout(() => res.writeHead(200).end(), SLOW_REPLY_MS).unref();
        if (this.mode === 'fail') return void res.writeHead(500).end();
        if (this.mode === 'always200') return void res.writeHead(200).end();
        res.writeHead(valid ? 200 : 401).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/xero/webhooks`;
  }

  events(): Json[] {
    return this.received.filter((r) => r.valid).flatMap((r) => JSON.parse(r.body).events);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Xero sandbox: webhooks', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let app: TestApp;
  let rx: Receiver;
  let call: ReturnType<typeof api>;
  let scaledExpiry: number | undefined;
  const deliveries = async () =>
    (
      await http(`${sb.url}/xero-developer/apps/${app.clientId}/webhooks/deliveries`, {
        headers: { authorization: basic(app) },
      })
    ).body as Json[];

  beforeAll(async () => {
    // 10× clock: a one-minute retry is 6 s real. The reply deadline is 50 sandbox seconds (5 s
    // real): at Xero's 5 s it was 0.5 s, which this process's own receiver missed on a loaded machine.
    sb = await startSandbox({
      clockScale: 10,
      xero: { minuteLimit: 100_000, tryOrgDays: 30, webhookTimeoutSeconds: 50 },
    });
    rx = new Receiver();
    await rx.start();
    org = await createOrg(sb, `${uniq('hooks')}@example.test`);
    app = await registerApp(sb, uniq('Webhook app'), rx.url);
    rx.key = app.webhookKey;
    const { tokens } = await authorize(sb, app, org);
    call = api(sb, tokens.access_token, org.tenantId);
    scaledExpiry = tokens.expires_in;
  });
  /** A token from now: the first one lasts 3 real minutes, less the sandbox time the clock jumps. */
  const freshCall = async () => api(sb, (await authorize(sb, app, org)).tokens.access_token, org.tenantId);

  it('scales token lifetimes with the clock: 30 sandbox minutes are 3 real minutes at 10×', () => {
    expect(scaledExpiry).toBe(180);
  });
  afterAll(async () => {
    await sb?.close();
    await rx?.close();
  });

  it('fails intent-to-receive against a receiver that accepts bad signatures', async () => {
    rx.mode = 'always200';
    const res = await http(`${sb.url}/xero-developer/apps/${app.clientId}/webhooks/intent-to-receive`, {
      method: 'POST',
      headers: { authorization: basic(app) },
    });
    expect(res.body.ok).toBe(false);
    expect(
      (await http(`${sb.url}/xero-developer/apps/${app.clientId}`, { headers: { authorization: basic(app) } })).body
        .webhookStatus,
    ).toBe('INTENT_FAILED');
  });

  it('passes intent-to-receive when good signatures get 200 and bad ones 401, and records it', async () => {
    rx.mode = 'honest';
    rx.received.length = 0;
    const res = await http(`${sb.url}/xero-developer/apps/${app.clientId}/webhooks/intent-to-receive`, {
      method: 'POST',
      headers: { authorization: basic(app) },
    });
    expect(res.body.ok).toBe(true);
    expect(res.body.attempts.map((a: Json) => a.received).sort()).toEqual([200, 200, 401, 401]);
    expect(JSON.parse(rx.received[0].body)).toEqual(
      expect.objectContaining({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: expect.any(String) }),
    );
    const view = (
      await http(`${sb.url}/xero-developer/apps/${app.clientId}`, { headers: { authorization: basic(app) } })
    ).body;
    expect(view.webhookStatus).toBe('OK');
    expect(view.intentToReceive.ok).toBe(true);
  });

  it("sends signed CONTACT, INVOICE and CREDITNOTE events in Xero's shape", async () => {
    rx.received.length = 0;
    const contact = (await call('PUT', '/Contacts', { Contacts: [{ Name: 'Hooked Ltd' }] })).body.Contacts[0];
    const inv = (
      await call('PUT', '/Invoices', {
        Invoices: [
          {
            Type: 'ACCREC',
            Contact: { ContactID: contact.ContactID },
            LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
          },
        ],
      })
    ).body.Invoices[0];
    const cn = (
      await call('PUT', '/CreditNotes', {
        CreditNotes: [
          {
            Type: 'ACCRECCREDIT',
            Contact: { ContactID: contact.ContactID },
            LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 5, AccountCode: '200' }],
          },
        ],
      })
    ).body.CreditNotes[0];
    const ids = [contact.ContactID, inv.InvoiceID, cn.CreditNoteID];
    const events = await waitFor('all three events', () =>
      ids.every((id) => rx.events().some((e) => e.resourceId === id)) ? rx.events() : undefined,
    );
    const payload = JSON.parse(rx.received.find((r) => r.valid)!.body);
    expect(payload).toEqual(
      expect.objectContaining({
        firstEventSequence: expect.any(Number),
        lastEventSequence: expect.any(Number),
        entropy: expect.any(String),
      }),
    );
    expect(payload.lastEventSequence - payload.firstEventSequence + 1).toBe(payload.events.length);
    const byCat = (c: string) => events.find((e) => e.eventCategory === c && ids.includes(e.resourceId));
    expect(byCat('CONTACT')).toEqual({
      resourceUrl: `${sb.url}/api.xro/2.0/Contacts/${contact.ContactID}`,
      resourceId: contact.ContactID,
      eventDateUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
      eventType: 'CREATE',
      eventCategory: 'CONTACT',
      tenantId: org.tenantId,
      tenantType: 'ORGANISATION',
    });
    expect(byCat('INVOICE').resourceId).toBe(inv.InvoiceID);
    expect(byCat('CREDITNOTE')).toEqual(
      expect.objectContaining({ resourceId: cn.CreditNoteID, data: { Type: 'ACCRECCREDIT', Status: 'DRAFT' } }),
    );
    expect(rx.received.every((r) => r.valid)).toBe(true);
    const validate = webhookValidator();
    expect(rx.received.flatMap((r) => validate(JSON.parse(r.body)))).toEqual([]);
    expect(validate({ events: [{ eventCategory: 'CREDITNOTE' }], firstEventSequence: 0 })).not.toEqual([]);
  });

  it('sends UPDATE events for simulated user edits in Xero', async () => {
    rx.received.length = 0;
    const contact = (await call('PUT', '/Contacts', { Contacts: [{ Name: 'Edited In Xero' }] })).body.Contacts[0];
    const edit = await control(sb, org, 'POST', `/edits/contacts/${contact.ContactID}`, {
      EmailAddress: 'new@edited.example',
    });
    expect(edit.status).toBe(201);
    const update = await waitFor('an update event', () =>
      rx.events().find((e) => e.eventType === 'UPDATE' && e.resourceId === contact.ContactID),
    );
    expect(update.eventCategory).toBe('CONTACT');
    expect((await call('GET', `/Contacts/${contact.ContactID}`)).body.Contacts[0].EmailAddress).toBe(
      'new@edited.example',
    );
  });

  it('sends INVOICE and CREDITNOTE updates for simulated edits of invoices and credit notes', async () => {
    rx.received.length = 0;
    const contact = (await call('PUT', '/Contacts', { Contacts: [{ Name: 'Docs Edited In Xero' }] })).body.Contacts[0];
    const line = { Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200' };
    const inv = (
      await call('PUT', '/Invoices', {
        Invoices: [{ Type: 'ACCREC', Contact: { ContactID: contact.ContactID }, LineItems: [line] }],
      })
    ).body.Invoices[0];
    const cn = (
      await call('PUT', '/CreditNotes', {
        CreditNotes: [{ Type: 'ACCRECCREDIT', Contact: { ContactID: contact.ContactID }, LineItems: [line] }],
      })
    ).body.CreditNotes[0];
    expect(
      (await control(sb, org, 'POST', `/edits/invoices/${inv.InvoiceID}`, { Status: 'AUTHORISED' })).body.Status,
    ).toBe('AUTHORISED');
    expect(
      (await control(sb, org, 'POST', `/edits/credit-notes/${cn.CreditNoteID}`, { Reference: 'edited in Xero' }))
        .status,
    ).toBe(201);
    const refused = await control(sb, org, 'POST', `/edits/invoices/${inv.InvoiceID}`, { Status: 'DRAFT' });
    expect(refused.status).toBe(400);
    await waitFor('invoice update', () =>
      rx.events().find((e) => e.eventType === 'UPDATE' && e.resourceId === inv.InvoiceID),
    );
    const cnEvent = await waitFor('credit note update', () =>
      rx.events().find((e) => e.eventType === 'UPDATE' && e.resourceId === cn.CreditNoteID),
    );
    expect(cnEvent).toEqual(
      expect.objectContaining({ eventCategory: 'CREDITNOTE', data: { Type: 'ACCRECCREDIT', Status: 'DRAFT' } }),
    );
  });

  it('retries on the sandbox clock when not answered 200 in time, then delivers', async () => {
    rx.received.length = 0;
    rx.mode = 'slow';
    await (
      await freshCall()
    )('PUT', '/Contacts', { Contacts: [{ Name: 'Retry Me' }] });
    await waitFor('first attempt', () => rx.received.length >= 1 || undefined);
    const first = await waitFor('a timed-out attempt', async () =>
      (await deliveries()).find((d) => d.attempts === 1 && d.status === 'PENDING'),
    );
    expect(first.lastResult).toBe('timeout');
    rx.mode = 'fail';
    await control(sb, org, 'POST', '/clock/advance', { seconds: 61 });
    await waitFor('second attempt', async () =>
      (await deliveries()).find((d) => d.id === first.id && d.attempts === 2),
    );
    rx.mode = 'honest';
    await control(sb, org, 'POST', '/clock/advance', { seconds: 301 });
    const done = await waitFor('delivery', async () =>
      (await deliveries()).find((d) => d.id === first.id && d.status === 'DELIVERED'),
    );
    expect(done.attempts).toBe(3);
  });

  it('disables the webhook after 24 hours of failures', async () => {
    rx.mode = 'fail';
    await (
      await freshCall()
    )('PUT', '/Contacts', { Contacts: [{ Name: 'Never Delivered' }] });
    const d = await waitFor('a failing delivery', async () =>
      (await deliveries()).find((x) => x.status === 'PENDING' && x.attempts >= 1),
    );
    for (let i = 0; i < 12; i++) {
      const before = (await deliveries()).find((x) => x.id === d.id);
      if (before.status !== 'PENDING') break;
      await control(sb, org, 'POST', '/clock/advance', { seconds: 4 * 3600 });
      await waitFor('next attempt', async () => {
        const now = (await deliveries()).find((x) => x.id === d.id);
        return now.attempts > before.attempts || now.status !== 'PENDING' ? now : undefined;
      });
    }
    expect((await deliveries()).find((x) => x.id === d.id).status).toBe('FAILED');
    expect(
      (await http(`${sb.url}/xero-developer/apps/${app.clientId}`, { headers: { authorization: basic(app) } })).body
        .webhookStatus,
    ).toBe('DISABLED');
  });
});
