import { Doc, OrgSession } from '../db/entity-store';
import { records, shown, text } from '../core/json';
import { AccountRecord, TaxRateRecord } from './records';
import { invalid } from '../core/xero-errors';
import { DAY_RATES } from '../orgs/seed-charts';
import { D, Dec, dec } from './money';
import { dayOf, parseDateInput } from '../core/ms-date';
import { assertUnlocked } from './lock-dates';

// Lookups shared by every document type: accounts, tax rates, currencies, tracking, dates.

/** The account a reference names by AccountID, AccountCode or (payments) Code. */
export async function resolveAccount(s: OrgSession, ref: Doc): Promise<AccountRecord> {
  const accounts = await s.all('Account');
  const code = text(ref.AccountCode) ?? text(ref.Code);
  const accountId = text(ref.AccountID)?.toLowerCase();
  const account = accountId
    ? accounts.find((a) => a.AccountID.toLowerCase() === accountId)
    : accounts.find((a) => a.Code === code);
  if (!account) throw invalid(`Account code '${code ?? accountId}' is not a valid code for this document.`);
  if (account.Status !== 'ACTIVE') throw invalid(`The account '${account.Code}' is archived and cannot be used.`);
  return account;
}

export async function resolveTaxRate(s: OrgSession, taxType: string): Promise<TaxRateRecord> {
  const rate = (await s.all('TaxRate')).find((t) => t.TaxType === taxType);
  if (!rate)
    throw invalid(`The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`);
  if (rate.Status !== 'ACTIVE') throw invalid(`The TaxType code '${taxType}' is not active.`);
  return rate;
}

export function taxPercent(rate: TaxRateRecord): Dec {
  return rate.TaxComponents.reduce<Dec>((acc, c) => acc.plus(dec(c.Rate, 'Rate')), new D(0));
}

export async function resolveCurrency(
  s: OrgSession,
  code: string | undefined,
  rate: unknown,
): Promise<{ code: string; rate: Dec }> {
  const base = s.org.BaseCurrency;
  const wanted = code ?? base;
  const enabled = (await s.all('Currency')).some((c) => c.Code === wanted);
  if (!enabled) throw invalid(`The currency '${wanted}' is not enabled for this organisation.`);
  if (wanted === base) return { code: wanted, rate: new D(1) };
  if (rate !== undefined && rate !== null) {
    const r = dec(rate, 'CurrencyRate');
    if (r.lte(0)) throw invalid('CurrencyRate must be greater than zero.');
    return { code: wanted, rate: r };
  }
  return { code: wanted, rate: new D(DAY_RATES[base]?.[wanted] ?? '1') };
}

export async function resolveTracking(s: OrgSession, tracking: unknown): Promise<Doc[]> {
  if (tracking === undefined || tracking === null) return [];
  if (!Array.isArray(tracking)) throw invalid('Tracking must be a list.');
  if (tracking.length > 2) throw invalid('A line item can have at most two tracking categories.');
  const categories = await s.all('TrackingCategory');
  const used = new Set<string>();
  return records(tracking).map((t) => {
    const categoryId = text(t.TrackingCategoryID)?.toLowerCase();
    const cat = categories.find((c) => (categoryId ? c.TrackingCategoryID === categoryId : c.Name === t.Name));
    if (!cat || cat.Status !== 'ACTIVE')
      throw invalid(`Tracking category '${shown(t.Name ?? categoryId)}' does not exist or is not active.`);
    if (used.has(cat.TrackingCategoryID)) throw invalid(`Tracking category '${cat.Name}' is used twice on one line.`);
    used.add(cat.TrackingCategoryID);
    const optionName = text(t.Option) ?? text(t.TrackingOptionName);
    const optionId = text(t.TrackingOptionID)?.toLowerCase();
    const opt = cat.Options.find((o) => (optionId ? o.TrackingOptionID === optionId : o.Name === optionName));
    if (!opt || opt.Status !== 'ACTIVE')
      throw invalid(`Tracking option '${optionName ?? optionId}' does not exist in '${cat.Name}' or is not active.`);
    return {
      Name: cat.Name,
      Option: opt.Name,
      TrackingCategoryID: cat.TrackingCategoryID,
      TrackingOptionID: opt.TrackingOptionID,
    };
  });
}

/** A document date: defaults to today (sandbox clock), refused on or before a lock date. */
export function documentDate(s: OrgSession, value: unknown, field = 'Date'): number {
  const parsed = parseDateInput(value);
  if (Number.isNaN(parsed)) throw invalid(`${field} is not a valid date.`);
  const ms = parsed ?? dayOf(s.now);
  assertUnlocked(s.org, ms);
  return ms;
}

export function optionalDate(value: unknown, field: string): number | undefined {
  const parsed = parseDateInput(value);
  if (Number.isNaN(parsed)) throw invalid(`${field} is not a valid date.`);
  return parsed;
}
