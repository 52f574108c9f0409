// GL accounts (GACCOUNT) and tax codes (TABVAT): read only, kept matched with Xero by lookups.
import type { Account, AccountClass, TaxCode } from '../../canonical';
import type { X3Adapter, X3Shape } from '../adapter-contract';
import { originOf } from './x3-origin';
import { boolOf, compact, decOrZero, refKey, requiredText, text } from './x3-values';

/**
 * Account classes are a chart's own: only the French PCG's are fixed by law (classes 1–7); for
 * other charts the class is left to the account lookup. PCG class 4 (third parties) holds both
 * sides: 40x suppliers and 44x taxes are liabilities, 41x customers are assets.
 */
function pcgClass(code: string, classCode: string | undefined): AccountClass | undefined {
  switch (classCode ?? code[0]) {
    case '1':
      return 'equity';
    case '2':
    case '3':
    case '5':
      return 'asset';
    case '4':
      return code.startsWith('41') ? 'asset' : 'liability';
    case '6':
      return 'expense';
    case '7':
      return 'revenue';
    default:
      return undefined;
  }
}

/** Receivable/payable collective accounts: X3's control account (SAC) field, or PCG 401/411. */
function isControl(record: X3Shape, code: string, chart: string | undefined): boolean | undefined {
  if (text(record.controlAccount) !== undefined) return true;
  if (chart === 'PCG') return /^4[01]1/.test(code);
  return undefined;
}

export const x3AccountAdapter: X3Adapter<'account'> = {
  entity: 'account',
  x3Entity: 'account',
  fromX3(record) {
    const code = requiredText(record.code ?? record._id, 'account (ACC)');
    const chart = text(record.chartOfAccounts);
    const classCode = text(record.classCode);
    return compact({
      entity: 'account',
      code,
      name: text(record.description) ?? text(record.shortDescription) ?? code,
      accountClass: chart === 'PCG' ? pcgClass(code, classCode) : undefined,
      sourceType: classCode,
      isControlAccount: isControl(record, code, chart),
      defaultTaxCode: refKey(record.defaultTaxCode),
      isActive: boolOf(record.isActive, true),
      origin: originOf(record, code),
    } satisfies Account);
  },
};

export const x3TaxCodeAdapter: X3Adapter<'taxCode'> = {
  entity: 'taxCode',
  x3Entity: 'taxCode',
  fromX3(record) {
    const code = requiredText(record.code ?? record._id, 'tax code (VAT)');
    return compact({
      entity: 'taxCode',
      code,
      name: text(record.description) ?? code,
      rate: decOrZero(record.rate),
      kind: text(record.taxType),
      isActive: boolOf(record.isActive, true),
      origin: originOf(record, code),
    } satisfies TaxCode);
  },
};
