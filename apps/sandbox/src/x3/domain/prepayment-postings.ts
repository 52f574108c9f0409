import { PoolClient } from 'pg';
import {
  X3BusinessError,
  Values,
  dec,
  decimalOf,
  getLines,
  insertRow,
  lineIdOf,
  money,
  mustGet,
  stampNow,
  text,
  updateRow,
} from './store';
import { currencyDecimals } from './pricing';

/**
 * X3's Customer / Supplier Prepayment Posting (A/P-A/R accounting > Open items): an advance, a
 * payment line on no document, is posted to an open invoice. The posted amount leaves the
 * advance's line for a line on the invoice (the whole line when all of it is posted); the balance
 * stays an advance. The payment changes, as a poll reads it; its amount does not.
 */
export async function postPrepayment(client: PoolClient, folder: string, paymentId: string, data: Values) {
  const stamp = stampNow();
  const payment = await mustGet(client, 'payment', folder, paymentId, 'Payment (NUM)', true);
  const customer = payment.businessPartnerType === 'customer';
  const invoiceEntity = customer ? 'salesInvoice' : 'purchaseInvoice';
  const invoice = await mustGet(client, invoiceEntity, folder, data.document, 'Document (VCRNUM)', true);
  const owner = customer ? invoice.billToCustomer : invoice.billBySupplier;
  if (owner !== payment.businessPartner)
    throw new X3BusinessError(`Document ${invoice._id}: belongs to ${owner}, not ${payment.businessPartner}`);
  if (customer && invoice.status !== 'posted') throw new X3BusinessError(`Document ${invoice._id}: not posted`);
  if (invoice.currency !== payment.currency)
    throw new X3BusinessError(`Document ${invoice._id}: currency ${invoice.currency} differs from ${payment.currency}`);
  const amount = dec(data.amount, 'Amount to post', { positive: true });
  const open = decimalOf(invoice.totalAmountIncludingTax).minus(decimalOf(invoice.paidAmount));
  if (amount.gt(open))
    throw new X3BusinessError(
      `Document ${invoice._id}: amount ${amount.toFixed()} exceeds the open balance ${open.toFixed()}`,
    );
  const lines = await getLines(client, 'paymentLine', folder, paymentId);
  const advance = lines.find((l) => !text(l.document) && decimalOf(l.amount).gte(amount));
  if (!advance)
    throw new X3BusinessError(`Payment ${paymentId}: no advance line of ${amount.toFixed()} or more left to post`);
  const decimals = await currencyDecimals(client, folder, text(payment.currency));
  const left = decimalOf(advance.amount).minus(amount);
  const onInvoice = {
    documentType: customer ? 'INV' : 'BPSINV',
    document: invoice._id,
    amount: money(amount, decimals),
  };
  if (left.isZero()) {
    await updateRow(client, 'paymentLine', folder, advance._id, onInvoice, stamp);
  } else {
    await updateRow(client, 'paymentLine', folder, advance._id, { amount: money(left, decimals) }, stamp);
    const lineNumber = Math.max(...lines.map((l) => Number(l.lineNumber))) + 1000;
    await insertRow(
      client,
      'paymentLine',
      folder,
      lineIdOf(paymentId, lineNumber),
      { lineNumber, ...onInvoice },
      stamp,
      {
        parent: paymentId,
        sortValue: lineNumber,
      },
    );
  }
  await updateRow(
    client,
    invoiceEntity,
    folder,
    invoice._id,
    { paidAmount: decimalOf(invoice.paidAmount).plus(amount).toFixed() },
    stamp,
  );
  await updateRow(client, 'payment', folder, paymentId, {}, stamp);
  return { payment: paymentId };
}
