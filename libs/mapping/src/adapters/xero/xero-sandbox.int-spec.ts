// Mapped invoices posted to the Xero sandbox through our Xero connector (real PostgreSQL, Redis,
// the sandbox over HTTP): Xero's own SubTotal, TotalTax and Total, read back, equal the canonical
// totals to the cent. A UK organisation (GBP base, EUR and USD sampled here; VAT 20 %, 5 %, 0 %).
// Yen documents reach the sandbox in the corpus sample (corpus/xero-sample.int-spec.ts).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createTenant, requireEnv } from '#lb/testing';
import { formatMoney } from '../../money';
import { connectedTenantFor, harnessFor, XeroTestHarness } from './xero-sandbox-harness';
import { invoiceXeroAdapter } from './document-adapters';
import { planXeroDocument } from './documents';
import { InvoiceSeed, invoiceSeedOf, x3Invoice } from './test-invoices';
import type { XeroInvoice } from './xero-shapes';

const UK_RATES = { OUTPUT2: '20', RROUTPUT: '5', ZERORATEDOUTPUT: '0' };
const ctx = { baseCurrency: 'GBP' };

const handPicked: InvoiceSeed[] = [
  // exclusive, footer rounding once per code (2 × 20 % lines whose own taxes round the other way)
  {
    currency: 'GBP',
    basis: 'exclusive',
    rateMicro: 0,
    lines: [
      { quantityThousandths: 1_000, grossMinor: 2_506, discount: '0', taxCode: 'OUTPUT2' },
      { quantityThousandths: 1_000, grossMinor: 2_561, discount: '0', taxCode: 'OUTPUT2' },
      { quantityThousandths: 1_000, grossMinor: 2_563, discount: '0', taxCode: 'OUTPUT2' },
      { quantityThousandths: 2_500, grossMinor: 1_999, discount: '12.5', taxCode: 'RROUTPUT' },
    ],
  },
  // inclusive with three rates and 3-place quantities
  {
    currency: 'GBP',
    basis: 'inclusive',
    rateMicro: 0,
    lines: [
      { quantityThousandths: 1_333, grossMinor: 1_234, discount: '5', taxCode: 'OUTPUT2' },
      { quantityThousandths: 7_125, grossMinor: 99, discount: '0', taxCode: 'RROUTPUT' },
      { quantityThousandths: 1_000, grossMinor: 5_000, discount: '0', taxCode: 'ZERORATEDOUTPUT' },
    ],
  },
  // foreign: USD 1,000.00 at 0.79 GBP per USD
  {
    currency: 'USD',
    basis: 'exclusive',
    rateMicro: 790_000,
    lines: [{ quantityThousandths: 1_000, grossMinor: 100_000, discount: '0', taxCode: 'ZERORATEDOUTPUT' }],
  },
  // foreign, large: EUR 48,061.32-ish at 0.853967, where no 6-place rate may give X3's base to the penny
  {
    currency: 'EUR',
    basis: 'inclusive',
    rateMicro: 853_967,
    lines: [
      { quantityThousandths: 40_000, grossMinor: 120_153, discount: '0', taxCode: 'OUTPUT2' },
      { quantityThousandths: 3_000, grossMinor: 777, discount: '33.333', taxCode: 'RROUTPUT' },
    ],
  },
];
const sampled = fc.sample(invoiceSeedOf(['GBP', 'EUR', 'USD'], Object.keys(UK_RATES)), { seed: 20261130, numRuns: 6 });

describe('mapped invoices in the Xero sandbox (connector, HTTP)', () => {
  let h: XeroTestHarness;

  beforeAll(async () => {
    h = await harnessFor(requireEnv('SANDBOX_DATABASE_URL'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it("Xero's computed SubTotal, TotalTax and Total equal the canonical totals to the cent", async () => {
    const c = h.connector();
    const tenantId = await createTenant(h.tx);
    const { org, connectionId } = await connectedTenantFor(h, c, tenantId, 'UK');
    const run = randomUUID().slice(0, 6);
    const invoices = [...handPicked, ...sampled].map((seed, i) =>
      x3Invoice(seed, `FAC-${run}-${i}`, ctx.baseCurrency, {
        partyKey: `CUST-${run}`,
        taxRates: UK_RATES,
        // after the sandbox organisation's lock date
        date: '2026-11-20',
      }),
    );
    const plans = invoices.map((inv) => planXeroDocument(inv, ctx, { allowDiscount: true }));
    // the set exercises a footer difference placed on a line, a kept discount and a base difference
    expect(plans.some((p) => p.taxAdjustments.length > 0)).toBe(true);
    expect(plans.some((p) => p.model.lineItems?.some((l) => l.discountRate !== undefined))).toBe(true);
    expect(plans.some((p) => p.rate && p.rate.baseDifference !== '0.00')).toBe(true);
    const records = invoices.map((inv) => invoiceXeroAdapter.toXero(inv, ctx));
    const batchId = await c.batches.prepare(
      tenantId,
      connectionId,
      'invoices',
      'create',
      records.map((r) => ({ ...r })),
    );
    const result = await c.batches.send(org, batchId);
    expect(result.outcomes.map((o) => [o.status, o.messages])).toEqual(invoices.map(() => ['ok', []]));

    for (const [i, invoice] of invoices.entries()) {
      const read = (await c.reads.get(org, 'invoices', result.outcomes[i].xeroId!)) as XeroInvoice;
      const label = `${invoice.key} ${invoice.currency} ${invoice.priceBasis}`;
      // Xero's own numbers, to the cent
      expect([label, read.subTotal, read.totalTax, read.total]).toEqual([
        label,
        Number(invoice.totals.subTotal),
        Number(invoice.totals.totalTax),
        Number(invoice.totals.total),
      ]);
      // … and read back through the adapter, the same decimal totals and the rate we chose
      const back = invoiceXeroAdapter.fromXero(read, ctx);
      expect([label, back.totals]).toEqual([label, invoice.totals]);
      expect([back.key, back.partyKey, back.date, back.status]).toEqual([
        invoice.key,
        invoice.partyKey,
        invoice.date,
        'authorised',
      ]);
      expect(back.lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual(
        records[i].lineItems!.map((l) => [
          formatMoney(l.lineAmount!, invoice.currency),
          formatMoney(l.taxAmount!, invoice.currency),
        ]),
      );
      const plan = plans[i];
      expect(read.currencyRate).toBe(plan.model.currencyRate ?? 1);
      if (plan.rate) expect(back.baseTotal).toBe(plan.rate.xeroBaseAmount);
    }
  });
});
