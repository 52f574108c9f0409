import { randomUUID } from 'node:crypto';
import { Doc, OrgSession } from '../db/entity-store';
import { records, shown, text } from '../core/json';
import { AccountRecord, ItemRecord, LineItemRecord } from './records';
import { invalid } from '../core/xero-errors';
import { D, Dec, dec, round, sum, wire } from './money';
import { resolveAccount, resolveTaxRate, resolveTracking, taxPercent } from './refs';

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface LineOptions {
  amountTypes: LineAmountTypes;
  side: 'sales' | 'purchases';
  unitdp: number;
  /** Submitted and authorised documents need an account on every line; drafts do not. */
  requireAccount: boolean;
  allowDiscount: boolean;
}

export interface Totals {
  lines: LineItemRecord[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
  TotalDiscount: number;
  total: Dec;
}

export function lineAmountTypes(value: unknown): LineAmountTypes {
  if (value === undefined || value === null) return 'Exclusive';
  const found = (['Exclusive', 'Inclusive', 'NoTax'] as const).find(
    (v) => v.toLowerCase() === text(value)?.toLowerCase(),
  );
  if (!found) throw invalid(`LineAmountTypes '${shown(value)}' is not valid: use Exclusive, Inclusive or NoTax.`);
  return found;
}

/**
 * Xero's arithmetic: LineAmount = round2(Quantity × UnitAmount × (1 − DiscountRate%)), tax per
 * line rounded to cents (Exclusive: amount × rate; Inclusive: amount × rate / (100 + rate)), totals
 * as sums of the rounded lines.
 */
export async function computeLines(s: OrgSession, input: unknown, opts: LineOptions): Promise<Totals> {
  if (input !== undefined && !Array.isArray(input)) throw invalid('LineItems must be a list.');
  const items = await s.all('Item');
  const lines: LineItemRecord[] = [];
  const taxes: Dec[] = [];
  const amounts: Dec[] = [];
  const discounts: Dec[] = [];
  for (const raw of records(input)) {
    const line: Doc = { ...raw };
    let item: ItemRecord | undefined;
    const itemCode = text(line.ItemCode);
    if (itemCode) {
      item = items.find((i) => i.Code === itemCode);
      if (!item) throw invalid(`Item code '${itemCode}' is not valid.`);
      const details = opts.side === 'sales' ? item.SalesDetails : item.PurchaseDetails;
      line.Description ??= opts.side === 'sales' ? item.Description : (item.PurchaseDescription ?? item.Description);
      line.UnitAmount ??= details?.UnitPrice;
      line.AccountCode ??= details?.AccountCode;
      line.TaxType ??= details?.TaxType;
    }
    if ((text(line.Description)?.length ?? 0) > 4000) throw invalid('Description must be at most 4000 characters.');
    const qty = line.Quantity !== undefined && line.Quantity !== null ? dec(line.Quantity, 'Quantity') : new D(1);
    let unit =
      line.UnitAmount !== undefined && line.UnitAmount !== null
        ? dec(line.UnitAmount, 'UnitAmount')
        : line.LineAmount !== undefined && !qty.isZero()
          ? dec(line.LineAmount, 'LineAmount').div(qty)
          : new D(0);
    unit = round(unit, opts.unitdp);
    const gross = qty.times(unit);
    let discount = new D(0);
    if (line.DiscountRate !== undefined || line.DiscountAmount !== undefined) {
      if (!opts.allowDiscount) throw invalid('Discounts are only allowed on sales invoices.');
      discount =
        line.DiscountAmount !== undefined
          ? dec(line.DiscountAmount, 'DiscountAmount')
          : gross.times(dec(line.DiscountRate, 'DiscountRate')).div(100);
    }
    const amount = round(gross.minus(discount));
    let account: AccountRecord | undefined;
    if (line.AccountCode || line.AccountID) account = await resolveAccount(s, line);
    else if (opts.requireAccount && !amount.isZero()) throw invalid('Account code must be specified.');
    let tax = new D(0);
    const lineTaxType = text(line.TaxType);
    let taxType = lineTaxType ?? account?.TaxType;
    if (opts.amountTypes === 'NoTax') {
      taxType = lineTaxType ? (await resolveTaxRate(s, lineTaxType)).TaxType : taxType;
    } else if (taxType) {
      const rate = taxPercent(await resolveTaxRate(s, taxType));
      tax =
        line.TaxAmount !== undefined && line.TaxAmount !== null
          ? round(dec(line.TaxAmount, 'TaxAmount'))
          : opts.amountTypes === 'Exclusive'
            ? round(amount.times(rate).div(100))
            : round(amount.times(rate).div(rate.plus(100)));
    }
    const tracking = await resolveTracking(s, line.Tracking);
    amounts.push(amount);
    taxes.push(tax);
    discounts.push(round(discount));
    const givenId = text(line.LineItemID);
    const out: LineItemRecord = {
      LineItemID: givenId && /^[0-9a-f-]{36}$/i.test(givenId) ? givenId.toLowerCase() : randomUUID(),
      Description: text(line.Description) ?? '',
      Quantity: Number(qty.toFixed(4)),
      UnitAmount: Number(unit.toFixed(opts.unitdp)),
      TaxType: taxType ?? 'NONE',
      TaxAmount: wire(tax),
      LineAmount: wire(amount),
      Tracking: tracking,
    };
    if (account) Object.assign(out, { AccountCode: account.Code, AccountID: account.AccountID });
    if (item)
      Object.assign(out, { ItemCode: item.Code, Item: { ItemID: item.ItemID, Name: item.Name, Code: item.Code } });
    if (line.DiscountRate !== undefined) out.DiscountRate = Number(dec(line.DiscountRate, 'DiscountRate').toFixed(2));
    if (line.DiscountAmount !== undefined) out.DiscountAmount = wire(discount);
    lines.push(out);
  }
  const lineSum = sum(amounts);
  const totalTax = sum(taxes);
  const subTotal = opts.amountTypes === 'Inclusive' ? lineSum.minus(totalTax) : lineSum;
  const total = subTotal.plus(totalTax);
  return {
    lines,
    SubTotal: wire(subTotal),
    TotalTax: wire(totalTax),
    Total: wire(total),
    TotalDiscount: wire(sum(discounts)),
    total,
  };
}

/** Output rounding for unitdp: amounts stored at 4 dp go out at 2 unless the caller asked for 4. */
export function presentLines(lines: Doc[], unitdp: number): Doc[] {
  return lines.map((l) => ({ ...l, UnitAmount: wire(dec(l.UnitAmount, 'UnitAmount'), unitdp) }));
}
