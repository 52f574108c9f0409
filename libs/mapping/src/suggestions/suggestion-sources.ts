// Reads what suggestions are scored on: the Xero organisation's chart and tax rates, the X3
// folder's GL accounts, tax codes and tax rules and the integration's company. Reads only, with
// no transaction open (the caller holds none).
import type { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import type { XeroConnector, XeroOrg } from '#lb/connectors/xero';
import { refKey, text } from '../adapters/x3/x3-values';
import type { X3AccountFacts, X3TaxFacts, XeroAccountFacts, XeroTaxFacts } from './suggestion-types';

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const numberText = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v) ? String(v) : undefined);

export interface XeroFacts {
  accounts: XeroAccountFacts[];
  taxRates: XeroTaxFacts[];
}

/** Accounts and tax rates: Xero returns each whole in one call (no paging). */
export async function readXeroFacts(xero: XeroConnector, org: XeroOrg): Promise<XeroFacts> {
  const accounts = (await xero.reads.listPage(org, 'accounts', {})).records;
  const rates = (await xero.reads.listPage(org, 'taxRates', {})).records;
  return {
    accounts: accounts
      .filter((a) => str(a.code))
      .map((a: Row) => ({
        code: String(a.code),
        name: str(a.name) ?? String(a.code),
        type: str(a.type),
        accountClass: str(a._class),
        systemAccount: str(a.systemAccount),
        active: a.status === undefined || a.status === 'ACTIVE',
      })),
    taxRates: rates
      .filter((r) => str(r.taxType))
      .map((r: Row) => ({
        taxType: String(r.taxType),
        name: str(r.name) ?? String(r.taxType),
        rate: numberText(r.effectiveRate) ?? numberText(r.displayTaxRate) ?? '0',
        reportTaxType: str(r.reportTaxType),
        active: r.status === undefined || r.status === 'ACTIVE',
      })),
  };
}

export interface X3Facts {
  /** Charts of accounts the folder holds, and the one the company's chart was taken to be. */
  charts: string[];
  chart?: string;
  accounts: X3AccountFacts[];
  taxes: X3TaxFacts[];
}

async function collect(transport: X3Transport, node: Parameters<X3Transport['list']>[0]): Promise<X3Record[]> {
  const out: X3Record[] = [];
  for await (const r of transport.list(node, { pageSize: 1000 })) out.push(r);
  return out;
}

/** A legislation's national chart where its name does not start with the country (X3 standard models). */
const NATIONAL_CHARTS: Record<string, string> = { FRA: 'PCG', GBR: 'UKGAAP', POR: 'SNC' };

/**
 * The company's chart: X3 links a company to its chart through its accounting model, which the
 * GraphQL nodes do not carry, so the chart is the one named `chart` (the caller's choice), else the
 * legislation's national chart, else the one whose name starts with the company's country.
 */
export function chartOf(charts: string[], company: { legislation?: string; country?: string }, chosen?: string) {
  if (chosen) return charts.includes(chosen) ? chosen : undefined;
  const national = company.legislation ? NATIONAL_CHARTS[company.legislation] : undefined;
  if (national && charts.includes(national)) return national;
  const byCountry = charts.filter((c) => company.country && c.startsWith(company.country));
  if (byCountry.length === 1) return byCountry[0];
  return charts.length === 1 ? charts[0] : undefined;
}

export class UnknownChartError extends Error {}

/** Folder-wide reads (accounts, tax codes and rules are not company-scoped); the company names its legislation. */
export async function readX3Facts(folder: X3Transport, x3Company: string, chosenChart?: string): Promise<X3Facts> {
  const company = (await collect(folder, 'company')).find((c) => text(c.code ?? c._id) === x3Company);
  const legislation = text(company?.legislation);
  const country = text(company?.country);
  const accountRows = await collect(folder, 'account');
  const charts = [...new Set(accountRows.map((a) => text(a.chartOfAccounts)).filter((c): c is string => !!c))].sort();
  const chart = chartOf(charts, { legislation, country }, chosenChart);
  if (chosenChart && !chart)
    throw new UnknownChartError(`Chart '${chosenChart}' is not in the X3 folder (${charts.join(', ')})`);
  const seen = new Set<string>();
  const accounts = accountRows
    .filter((a) => (!chart || text(a.chartOfAccounts) === chart) && a.isActive !== false)
    .flatMap((a) => {
      const code = text(a.code ?? a._id);
      if (!code || seen.has(code)) return [];
      seen.add(code);
      return [
        {
          code,
          description: text(a.description) ?? text(a.shortDescription) ?? code,
          chart: text(a.chartOfAccounts),
          classCode: text(a.classCode),
        },
      ];
    });
  const codeRows = await collect(folder, 'taxCode');
  const rules = (await collect(folder, 'taxRule')).filter((r) => !legislation || text(r.legislation) === legislation);
  const byCode = new Map(codeRows.map((c) => [text(c.code ?? c._id) ?? '', c]));
  const taxes = new Map<string, X3TaxFacts>();
  const add = (code: string, rule?: { rule: string; level: string }) => {
    const row = byCode.get(code);
    if (!row || row.isActive === false) return;
    const known = taxes.get(code) ?? {
      code,
      description: text(row.description) ?? code,
      rate: text(row.rate) ?? '0',
    };
    taxes.set(code, rule ? { ...known, rules: [...(known.rules ?? []), rule] } : known);
  };
  for (const row of codeRows) if (legislation && text(row.legislation) === legislation) add(text(row.code ?? row._id)!);
  for (const r of rules) {
    const rule = text(r.code ?? r._id)!;
    for (const [level, field] of [
      ['NOR', 'standardTaxCode'],
      ['RED', 'reducedTaxCode'],
      ['EXO', 'zeroTaxCode'],
    ] as const) {
      const code = refKey(r[field]);
      if (code) add(code, { rule, level });
    }
  }
  return { charts, chart, accounts, taxes: [...taxes.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}
