import { ServiceUnavailableException } from '@nestjs/common';
import { XeroConnector } from '#lb/connectors/xero';

/** The Xero organisation's base currency, as Xero's Organisation endpoint reports it. */
export async function xeroBaseCurrency(xero: XeroConnector, tenantId: string, connectionId: string): Promise<string> {
  const org = await xero.orgs.forConnection(tenantId, connectionId);
  const organisation = await xero.reads.get(org, 'organisations', '');
  const currency = organisation?.baseCurrency;
  if (typeof currency !== 'string' || currency === '')
    throw new ServiceUnavailableException('The sandbox organisation reported no base currency');
  return currency;
}

/**
 * An integration posts X3 documents into one Xero organisation, whose base currency is fixed: the
 * trial pairs it with an X3 company keeping its books in that same currency, never another one.
 */
export function sameCurrencyCompany(companies: Array<{ code: string; currency?: string }>, currency: string): string {
  const match = companies.find((company) => company.currency === currency);
  if (!match)
    throw new ServiceUnavailableException(
      `The sandbox X3 folder has no company keeping its books in ${currency} (it has ${companies.map((c) => `${c.code} ${c.currency ?? '?'}`).join(', ')})`,
    );
  return match.code;
}
