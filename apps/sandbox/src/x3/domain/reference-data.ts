import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { ENUMS } from '../model/enums';
import { X3BusinessError, Values, dec, insertRow, mustGet, stampNow, text } from './store';

// Companies, sites, currencies, tax codes, tax rules and exchange rates: X3 set-up data that the
// GraphQL API only reads. The seed and the control API create it through these functions.

const CODE = /^[A-Z0-9_-]{1,15}$/;

function code(value: unknown, label: string): string {
  const result = text(value);
  if (!result) throw new X3BusinessError(`${label}: mandatory field`);
  if (!CODE.test(result)) throw new X3BusinessError(`${label} ${result}: invalid code`);
  return result;
}

function isoDate(value: unknown, label: string): string {
  const result = text(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(result) || Number.isNaN(Date.parse(result)))
    throw new X3BusinessError(`${label}: a date YYYY-MM-DD is expected`);
  return result;
}

function oneOf(value: unknown, values: readonly string[], fallback: string, label: string): string {
  const result = text(value) || fallback;
  if (!values.includes(result)) throw new X3BusinessError(`${label}: one of ${values.join(', ')}`);
  return result;
}

export async function createCurrency(client: PoolClient, folder: string, data: Values): Promise<string> {
  const id = code(data.code, 'Currency (CUR)');
  const decimals = data.decimals === undefined ? 2 : Number(data.decimals);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 4)
    throw new X3BusinessError('Rounding (CURDEC): 0..4 decimals');
  await insertRow(client, 'currency', folder, id, { code: id, name: text(data.name) || id, decimals }, stampNow());
  return id;
}

/** A company (CPY) with its accounting currency, and its sites (FCY) when given. */
export async function createCompany(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const id = code(data.code, 'Company (CPY)');
  const currency = await mustGet(client, 'currency', folder, data.accountingCurrency, 'Accounting currency (ACCCUR)');
  const country = text(data.country);
  await insertRow(
    client,
    'company',
    folder,
    id,
    {
      code: id,
      name: text(data.name) || id,
      country,
      legislation: text(data.legislation),
      accountingCurrency: currency._id,
    },
    stamp,
  );
  for (const [i, site] of ((data.sites as Values[] | undefined) ?? []).entries()) {
    const siteCode = code(site.code, `Site ${i + 1} (FCY)`);
    await insertRow(
      client,
      'site',
      folder,
      siteCode,
      {
        code: siteCode,
        name: text(site.name) || siteCode,
        legalCompany: id,
        country: text(site.country) || country,
        isSales: site.isSales ?? true,
        isPurchase: site.isPurchase ?? true,
        isInventory: site.isInventory ?? true,
      },
      stamp,
    );
  }
  return id;
}

/** A tax code (TABVAT) and its rate (TABRATVAT), a percentage. */
export async function createTaxCode(client: PoolClient, folder: string, data: Values): Promise<string> {
  const id = code(data.code, 'Tax code (VAT)');
  const rate = dec(data.rate, 'Rate (VATRAT)');
  if (rate.lt(0) || rate.gt(100)) throw new X3BusinessError('Rate (VATRAT): 0..100');
  await insertRow(
    client,
    'taxCode',
    folder,
    id,
    {
      code: id,
      description: text(data.description) || id,
      legislation: text(data.legislation),
      taxType: oneOf(data.taxType, ENUMS.TaxType, 'vat', 'Tax type (VATTYP)'),
      rate: rate.toFixed(),
      isActive: data.isActive ?? true,
    },
    stampNow(),
  );
  return id;
}

/** A BP tax rule (VACBPR) and the tax code it gives each product tax level. */
export async function createTaxRule(client: PoolClient, folder: string, data: Values): Promise<string> {
  const id = code(data.code, 'Tax rule (VACBPR)');
  const values: Values = { code: id, description: text(data.description) || id, legislation: text(data.legislation) };
  for (const field of ['standardTaxCode', 'reducedTaxCode', 'zeroTaxCode']) {
    if (field !== 'standardTaxCode' && !data[field]) continue;
    values[field] = (await mustGet(client, 'taxCode', folder, data[field], `Tax (${field})`))._id;
  }
  await insertRow(client, 'taxRule', folder, id, values, stampNow());
  return id;
}

/** A rate (TABCHANGE): 1 `currency` = rate / divisor `destinationCurrency`, from its start date. */
export async function createExchangeRate(client: PoolClient, folder: string, data: Values): Promise<string> {
  const from = (await mustGet(client, 'currency', folder, data.currency, 'Currency (CUR)'))._id;
  const to = (await mustGet(client, 'currency', folder, data.destinationCurrency, 'Destination currency (CURDEN)'))._id;
  if (from === to) throw new X3BusinessError('Exchange rate: the two currencies must differ');
  const rateType = oneOf(data.rateType, ENUMS.RateType, 'dailyRate', 'Rate type (CHGTYP)');
  const startDate = isoDate(data.startDate, 'Start date (CHGSTRDAT)');
  const rate = dec(data.rate, 'Rate (CHGRAT)', { positive: true });
  const divisor =
    data.divisor === undefined ? new Decimal(1) : dec(data.divisor, 'Divisor (CHGDIV)', { positive: true });
  const id = `${from}~${to}~${rateType}~${startDate}`;
  await insertRow(
    client,
    'exchangeRate',
    folder,
    id,
    {
      currency: from,
      destinationCurrency: to,
      rateType,
      startDate,
      rate: rate.toFixed(),
      // REVCOURS is shown by X3 for information; documents use CHGRAT / CHGDIV.
      inverseRate: divisor.div(rate).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed(),
      divisor: divisor.toFixed(),
    },
    stampNow(),
  );
  return id;
}
