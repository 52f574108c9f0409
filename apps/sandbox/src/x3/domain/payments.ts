import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import {
  X3BusinessError,
  Values,
  dec,
  decimalOf,
  insertRow,
  lineIdOf,
  money,
  mustGet,
  nextNumber,
  stampNow,
  text,
  today,
  updateRow,
} from './store';
import { currencyDecimals } from './pricing';
import { toLedger } from './exchange-rates';
import { enteredRate } from './entered-rate';

/**
 * A payment (PAYMENTH) settles open items: each line names the invoice (VCRNUM) it pays, or none
 * (an advance: X3's prepayment, posted to a document later).
 */
export async function createPayment(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const bpType = data.businessPartnerType as string;
  if (bpType !== 'customer' && bpType !== 'supplier') throw new X3BusinessError('BP type (BPRTYP): mandatory field');
  const partner = await mustGet(client, bpType, folder, data.businessPartner, 'Business partner (BPR)');
  const site = await mustGet(client, 'site', folder, data.site, 'Site (FCY)');
  const lines = (data.lines as Values[] | undefined) ?? [];
  if (lines.length === 0) throw new X3BusinessError('Payment: at least one line is mandatory');
  const invoiceEntity = bpType === 'customer' ? 'salesInvoice' : 'purchaseInvoice';
  const currency = text(data.currency) || text(partner.currency);
  const decimals = await currencyDecimals(client, folder, currency);
  const id = (data.id as string) || (await nextNumber(client, folder, `PAY${site._id}`));
  const accountingDate = text(data.accountingDate) || today();
  // The payment's own rate at its accounting date: the difference to the invoices' rates is X3's
  // realised exchange gain or loss.
  const company = await mustGet(client, 'company', folder, site.legalCompany, 'Company (CPY)');
  const ledgerCurrency = text(company.accountingCurrency);
  const { rateType, rate } = await enteredRate(client, folder, data, currency, ledgerCurrency, accountingDate);
  const ledgerDecimals = await currencyDecimals(client, folder, ledgerCurrency);
  let total = new Decimal(0);
  for (const [i, line] of lines.entries()) {
    const lineNumber = (i + 1) * 1000;
    if (!text(line.document)) {
      // a line on no document: money received or paid in advance, open on the partner's account
      // until a prepayment posting settles a document with it (prepayment-postings.ts)
      const amount = dec(line.amount, `Line ${i + 1}: amount (AMTLIN)`, { positive: true });
      total = total.plus(amount);
      await insertRow(
        client,
        'paymentLine',
        folder,
        lineIdOf(id, lineNumber),
        { lineNumber, documentType: '', document: '', amount: money(amount, decimals) },
        stamp,
        { parent: id, sortValue: lineNumber },
      );
      continue;
    }
    const invoice = await mustGet(
      client,
      invoiceEntity,
      folder,
      line.document,
      `Line ${i + 1}: document (VCRNUM)`,
      true,
    );
    const owner = bpType === 'customer' ? invoice.billToCustomer : invoice.billBySupplier;
    if (owner !== partner._id)
      throw new X3BusinessError(`Document ${invoice._id}: belongs to ${owner}, not ${partner._id}`);
    if (bpType === 'customer' && invoice.status !== 'posted')
      throw new X3BusinessError(`Document ${invoice._id}: not posted`);
    if (invoice.currency !== currency)
      throw new X3BusinessError(`Document ${invoice._id}: currency ${invoice.currency} differs from ${currency}`);
    const amount = dec(line.amount, `Line ${i + 1}: amount (AMTLIN)`, { positive: true });
    const open = decimalOf(invoice.totalAmountIncludingTax).minus(decimalOf(invoice.paidAmount));
    if (amount.gt(open))
      throw new X3BusinessError(
        `Document ${invoice._id}: amount ${amount.toFixed()} exceeds the open balance ${open.toFixed()}`,
      );
    await updateRow(
      client,
      invoiceEntity,
      folder,
      invoice._id,
      { paidAmount: decimalOf(invoice.paidAmount).plus(amount).toFixed() },
      stamp,
    );
    total = total.plus(amount);
    await insertRow(
      client,
      'paymentLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        documentType: bpType === 'customer' ? 'INV' : 'BPSINV',
        document: invoice._id,
        amount: money(amount, decimals),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  await insertRow(
    client,
    'payment',
    folder,
    id,
    {
      id,
      entryType: bpType === 'customer' ? 'REC' : 'PAY',
      businessPartnerType: bpType,
      businessPartner: partner._id,
      company: site.legalCompany,
      site: site._id,
      accountingDate,
      currency,
      amount: money(total, decimals),
      rateType,
      exchangeRate: rate.toFixed(),
      amountInLedgerCurrency: money(toLedger(total, rate, ledgerDecimals), ledgerDecimals),
      bankAccount: data.bankAccount ?? '',
      paymentMethod: data.paymentMethod ?? 'TRF',
      sense: bpType === 'customer' ? 'revenue' : 'expense',
      status: 'accepted',
      reference: data.reference ?? '',
    },
    stamp,
  );
  return id;
}
