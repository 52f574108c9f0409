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
import { PaymentSettlement, postPaymentEntry } from './payment-posting';

/** INVTYP of the documents whose open item is a credit owed to the partner, not a debt. */
const CREDIT_TYPES = new Set(['creditMemo', 'creditNote']);

/**
 * The sign (SNS) a payment is entered with: given, or the partner type's usual one — a customer's
 * receipt (revenue), a supplier's pay-out (expense). A refund goes the other way: a supplier pays
 * back its credit memo (a supplier receipt, SNS revenue), we pay a customer back theirs (expense).
 */
function senseOf(data: Values, bpType: string): 'revenue' | 'expense' {
  const given = text(data.sense);
  if (given && given !== 'revenue' && given !== 'expense')
    throw new X3BusinessError(`Sign (SNS): ${given} is not allowed`);
  return (given as 'revenue' | 'expense') || (bpType === 'customer' ? 'revenue' : 'expense');
}

/**
 * Which sign settles a document's open item: a customer invoice is paid by a receipt, a customer
 * credit memo by a pay-out; a supplier invoice by a pay-out, a supplier credit memo by a receipt.
 */
function senseSettling(bpType: string, invoice: Values): 'revenue' | 'expense' {
  const credit = CREDIT_TYPES.has(text(invoice.invoiceType));
  return (bpType === 'customer') !== credit ? 'revenue' : 'expense';
}

/** VCRTYP of a line: the document's entry type (an invoice or a credit memo, sales or supplier). */
function documentTypeOf(bpType: string, invoice: Values): string {
  const credit = CREDIT_TYPES.has(text(invoice.invoiceType));
  if (bpType === 'customer') return credit ? 'SCM' : 'INV';
  return credit ? 'BPSCM' : 'BPSINV';
}

/**
 * A credit memo applied within a payment of the other sign (a customer's credit memo used up in
 * their receipt): its line is negative, reduces the payment's amount, and closes the memo's open item.
 */
function appliedCredit(bpType: string, invoice: Values, sense: string, signed: Decimal): boolean {
  return signed.isNegative() && CREDIT_TYPES.has(text(invoice.invoiceType)) && senseSettling(bpType, invoice) !== sense;
}

/**
 * A payment (PAYMENTH) settles open items: each line names the invoice or credit memo (VCRNUM)
 * it pays, or none (an advance: X3's prepayment, posted to a document later). Every document line
 * must be one its sign settles (a receipt does not pay a supplier invoice), save a credit memo
 * applied within it at a negative amount (the receipt's cash is the invoices less the memo).
 */
export async function createPayment(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const bpType = data.businessPartnerType as string;
  if (bpType !== 'customer' && bpType !== 'supplier') throw new X3BusinessError('BP type (BPRTYP): mandatory field');
  const partner = await mustGet(client, bpType, folder, data.businessPartner, 'Business partner (BPR)');
  const sense = senseOf(data, bpType);
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
  const settlements: PaymentSettlement[] = [];
  for (const [i, line] of lines.entries()) {
    const lineNumber = (i + 1) * 1000;
    if (!text(line.document)) {
      // a line on no document: money received or paid in advance, open on the partner's account
      // until a prepayment posting settles a document with it (prepayment-postings.ts)
      const amount = dec(line.amount, `Line ${i + 1}: amount (AMTLIN)`, { positive: true });
      total = total.plus(amount);
      settlements.push({ signed: amount });
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
    const signed = dec(line.amount, `Line ${i + 1}: amount (AMTLIN)`);
    if (signed.isZero()) throw new X3BusinessError(`Line ${i + 1}: amount (AMTLIN) must not be zero`);
    const applied = appliedCredit(bpType, invoice, sense, signed);
    if (!applied && senseSettling(bpType, invoice) !== sense) {
      const kind = CREDIT_TYPES.has(text(invoice.invoiceType)) ? 'credit memo' : 'invoice';
      const by = sense === 'revenue' ? 'a pay-out (SNS expense)' : 'a receipt (SNS revenue)';
      throw new X3BusinessError(`Document ${invoice._id}: a ${bpType} ${kind} is settled by ${by}`);
    }
    if (!applied && signed.isNegative())
      throw new X3BusinessError(`Line ${i + 1}: only a credit memo applied within the payment is negative`);
    if (invoice.currency !== currency)
      throw new X3BusinessError(`Document ${invoice._id}: currency ${invoice.currency} differs from ${currency}`);
    const amount = signed.abs();
    const open = decimalOf(invoice.totalAmountIncludingTax).minus(decimalOf(invoice.paidAmount));
    if (amount.gt(open))
      throw new X3BusinessError(
        `Document ${invoice._id}: amount ${amount.toFixed()} exceeds the open balance ${open.toFixed()}`,
      );
    const paidBefore = decimalOf(invoice.paidAmount);
    const paidAfter = paidBefore.plus(amount);
    settlements.push({ document: invoice, signed, paidBefore, paidAfter });
    await updateRow(client, invoiceEntity, folder, invoice._id, { paidAmount: paidAfter.toFixed() }, stamp);
    total = total.plus(signed);
    await insertRow(
      client,
      'paymentLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        documentType: documentTypeOf(bpType, invoice),
        document: invoice._id,
        amount: money(signed, decimals),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  if (total.lte(0)) throw new X3BusinessError(`Payment: amount ${total.toFixed()} must be positive`);
  const payment: Values = {
    id,
    entryType: sense === 'revenue' ? 'REC' : 'PAY',
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
    sense,
    status: 'accepted',
    reference: data.reference ?? '',
  };
  await insertRow(client, 'payment', folder, id, payment, stamp);
  // posted as entered (X3's payment entry posts at once): its bank journal entry
  await postPaymentEntry(client, folder, payment, settlements, {
    legislation: text(company.legislation),
    ledgerDecimals,
    stamp,
  });
  return id;
}
