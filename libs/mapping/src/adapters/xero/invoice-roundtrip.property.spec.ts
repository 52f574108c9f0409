import fc from 'fast-check';
import { compareTotals, Dec, sumDec, xeroBaseAmount, xeroDocumentTotals, xeroLineAmount } from '../../money';
import { invoiceXeroAdapter } from './document-adapters';
import { planXeroDocument } from './documents';
import { invoiceSeed, x3Invoice } from './test-invoices';
import type { XeroInvoice } from './xero-shapes';

const ctx = { baseCurrency: 'EUR' };
const same = (a: string | undefined, b: string | undefined) => new Dec(a ?? 'NaN').equals(new Dec(b ?? 'NaN'));

/** What Xero would answer for the invoice: its own line amounts and totals from what we sent. */
function asXeroComputesIt(sent: XeroInvoice): XeroInvoice {
  const lineItems = (sent.lineItems ?? []).map((l) => ({
    ...l,
    lineAmount: xeroLineAmount(l.quantity ?? 1, l.unitAmount ?? 0, l.discountRate).toNumber(),
  }));
  const t = xeroDocumentTotals(
    lineItems.map((l) => ({ lineAmount: l.lineAmount, taxAmount: l.taxAmount ?? 0 })),
    sent.lineAmountTypes === 'Inclusive' ? 'inclusive' : 'exclusive',
  );
  return {
    ...sent,
    invoiceID: 'generated',
    lineItems,
    subTotal: Number(t.subTotal),
    totalTax: Number(t.totalTax),
    total: Number(t.total),
  };
}

describe('canonical invoice → Xero → canonical (property)', () => {
  it("keeps every decimal total, and Xero's computed totals equal the source's to the cent", () => {
    fc.assert(
      fc.property(invoiceSeed, (seed) => {
        const invoice = x3Invoice(seed, 'FAC1', ctx.baseCurrency);
        const plan = planXeroDocument(invoice, ctx, { allowDiscount: true });
        const sent = invoiceXeroAdapter.toXero(invoice, ctx);
        const answered = asXeroComputesIt(sent);
        // Xero's own arithmetic gives X3's line amounts and totals
        answered.lineItems!.forEach((l, i) =>
          expect(same(String(l.lineAmount), invoice.lines[i].lineAmount)).toBe(true),
        );
        expect(
          compareTotals(invoice.totals, {
            subTotal: String(answered.subTotal),
            totalTax: String(answered.totalTax),
            total: String(answered.total),
          }),
        ).toEqual([]);
        // … and reading Xero's answer back keeps every decimal total
        const back = invoiceXeroAdapter.fromXero(answered, ctx);
        expect(back.currency).toBe(invoice.currency);
        expect(back.priceBasis).toBe(invoice.priceBasis);
        for (const f of ['subTotal', 'totalTax', 'total'] as const)
          expect(same(back.totals[f], invoice.totals[f])).toBe(true);
        back.lines.forEach((l, i) => expect(same(l.lineAmount, invoice.lines[i].lineAmount)).toBe(true));
        for (const t of invoice.taxes!) {
          const lines = back.lines.filter((l) => l.taxCode === t.taxCode);
          expect(sumDec(lines.map((l) => new Dec(l.taxAmount!))).equals(new Dec(t.amount))).toBe(true);
        }
        // the base amount: X3's, or the stated difference from it
        if (invoice.currency !== ctx.baseCurrency) {
          expect(sent.currencyRate).toBeDefined();
          const booked = xeroBaseAmount(back.totals.total, sent.currencyRate ?? 1, ctx.baseCurrency);
          expect(same(back.baseTotal, booked.toFixed())).toBe(true);
          expect(booked.minus(invoice.baseTotal!).equals(plan.rate!.baseDifference)).toBe(true);
          expect(sent.currencyRate).not.toBe(1);
        } else {
          expect(sent.currencyRate).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});
