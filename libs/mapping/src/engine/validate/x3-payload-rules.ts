// Validation before any write, xero-to-x3: what X3 refuses, checked on the payload the X3 adapter
// (and the mapping's fields) made, so an invalid record is 'invalid' with the field and the rule
// before a call to X3. Sources (docs/connectors/mapping-engine.md, "Validation (xero-to-x3)"):
// X3's dictionary (mandatory fields, field types and lengths), reference/sage-x3-api.md §4, and
// the X3 sandbox's own refusals (apps/sandbox/src/x3/domain: master-data, purchase-invoices, payments).
import type { AdapterContext } from '../../adapters/adapter-contract';
import type { CanonicalEntity } from '../../canonical';
import { isCurrencyCode, minorUnits } from '../../money/currencies';
import { Dec, toDec } from '../../money/decimal';
import type { RecordError } from '../run/outcome';

type Errors = Omit<RecordError, 'record'>[];
type Row = Record<string, unknown>;

/** A field's X3 code and label, for messages an accountant recognises from X3's own screens. */
interface X3Field {
  path: string;
  label: string;
  /** Longest value X3 keeps (its data type's length). */
  max?: number;
}

const f = (path: string, label: string, max?: number): X3Field => ({ path, label, max });

/** Business partner codes (BPCNUM, BPSNUM): data type BPR, 15 characters, upper case, digits, '_'. */
const BP_CODE = /^[A-Z0-9_]{1,15}$/;
const X3_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface EntityRules {
  required: X3Field[];
  /** Checked for length when present. */
  optional?: X3Field[];
  /** Date fields, 'YYYY-MM-DD'. */
  dates?: string[];
  /** The X3 key that must be a business partner code. */
  partnerCode?: string;
  lines?: { required: X3Field[]; optional?: X3Field[]; money?: string[] };
}

const PARTY: EntityRules = {
  required: [
    f('code', 'Code (BPR)', 15),
    f('companyName', 'Company name (BPRNAM)', 35),
    f('currency', 'Currency (CUR)', 3),
  ],
  optional: [
    f('category', 'Category', 5),
    f('taxRule', 'Tax rule (VACBPR)', 5),
    f('paymentTerm', 'Payment term (PTE)', 15),
  ],
  partnerCode: 'code',
};

const RULES: Partial<Record<CanonicalEntity, EntityRules>> = {
  customer: PARTY,
  supplier: PARTY,
  bill: {
    required: [
      f('site', 'Site (FCY)', 5),
      f('billBySupplier', 'Bill-by supplier (BPR)', 15),
      f('accountingDate', 'Accounting date (ACCDAT)'),
      f('currency', 'Currency (CUR)', 3),
    ],
    optional: [f('supplierDocumentNumber', 'Supplier document no. (BPRVCR)', 30)],
    dates: ['accountingDate', 'supplierDocumentDate'],
    lines: {
      required: [
        f('product', 'Product (ITMREF)', 20),
        f('quantityInPurchaseUnitInvoiced', 'Quantity (QTYUOM)'),
        f('netPrice', 'Net price (NETPRI)'),
      ],
      optional: [f('taxCode', 'Tax (VAT)', 5)],
    },
  },
  payment: {
    required: [
      f('businessPartnerType', 'BP type (BPRTYP)'),
      f('businessPartner', 'Business partner (BPR)', 15),
      f('site', 'Site (FCY)', 5),
      f('accountingDate', 'Accounting date (ACCDAT)'),
      f('currency', 'Currency (CUR)', 3),
      f('bankAccount', 'Bank (BAN)', 5),
    ],
    optional: [f('paymentMethod', 'Payment method (PAM)', 5), f('reference', 'Reference (REF)', 30)],
    dates: ['accountingDate'],
    lines: {
      required: [f('document', 'Document no. (VCRNUM)', 20), f('amount', 'Amount (AMTLIN)')],
      money: ['amount'],
    },
  },
};

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function fieldErrors(row: Row, prefix: string, required: X3Field[], optional: X3Field[] = []): Errors {
  const errors: Errors = [];
  for (const field of [...required, ...optional]) {
    const value = row[field.path];
    const path = `${prefix}${field.path}`;
    if (isBlank(value)) {
      if (required.includes(field)) {
        errors.push({ field: path, rule: 'required', message: `${field.label} is mandatory in X3` });
      }
    } else if (field.max !== undefined && typeof value === 'string' && value.length > field.max) {
      errors.push({
        field: path,
        rule: 'max-length',
        message: `${field.label} '${value}' is ${value.length} characters: X3 keeps ${field.max}`,
      });
    }
  }
  return errors;
}

function isX3Date(value: unknown): boolean {
  const m = typeof value === 'string' ? X3_DATE.exec(value) : null;
  if (!m) return false;
  const date = new Date(`${value as string}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(m[3]);
}

function decimalOrUndefined(value: unknown): Dec | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  try {
    return toDec(value);
  } catch {
    return undefined;
  }
}

/** Payment lines: an amount at the currency's places (X3 CURDEC: JPY 0), never zero; the total positive. */
function moneyErrors(lines: Row[], fields: string[], currency: string, ctx: AdapterContext): Errors {
  const errors: Errors = [];
  if (!isCurrencyCode(currency)) return errors;
  const places = minorUnits(currency, ctx.currencyDecimals);
  let total = new Dec(0);
  lines.forEach((line, i) => {
    for (const name of fields) {
      if (isBlank(line[name])) continue;
      const field = `lines[${i}].${name}`;
      const amount = decimalOrUndefined(line[name]);
      if (!amount || !amount.isFinite()) {
        errors.push({ field, rule: 'x3-decimal', message: `${field} '${String(line[name])}' is not a number` });
      } else if (amount.decimalPlaces() > places) {
        errors.push({
          field,
          rule: 'currency-places',
          message: `${field} ${amount.toFixed()} has more places than ${currency} has in X3 (${places})`,
        });
      } else if (amount.isZero()) {
        errors.push({ field, rule: 'payment-amount', message: `${field} must not be zero` });
      } else total = total.plus(amount);
    }
  });
  if (errors.length === 0 && lines.length > 0 && total.lte(0)) {
    errors.push({
      field: 'lines',
      rule: 'payment-amount',
      message: `the payment's lines add up to ${total.toFixed()}`,
    });
  }
  return errors;
}

/** What X3 would refuse in a xero-to-x3 payload; entities without X3 rules here pass. */
export function x3PayloadErrors(entity: CanonicalEntity, payload: Row, ctx: AdapterContext): Errors {
  const rules = RULES[entity];
  if (!rules) return [];
  const errors = fieldErrors(payload, '', rules.required, rules.optional);
  const code = rules.partnerCode ? payload[rules.partnerCode] : undefined;
  if (typeof code === 'string' && code !== '' && !BP_CODE.test(code) && code.length <= 15) {
    errors.push({
      field: rules.partnerCode!,
      rule: 'x3-code',
      message: `Code '${code}': X3 codes are upper-case letters, digits and '_'`,
    });
  }
  if (!isBlank(payload.currency) && !isCurrencyCode(payload.currency)) {
    errors.push({
      field: 'currency',
      rule: 'x3-currency',
      message: `'${String(payload.currency)}' is not a currency code`,
    });
  }
  for (const name of rules.dates ?? []) {
    const value = payload[name];
    if (!isBlank(value) && !isX3Date(value)) {
      errors.push({ field: name, rule: 'date-format', message: `${name} '${String(value)}' is not a date YYYY-MM-DD` });
    }
  }
  const bpType = payload.businessPartnerType;
  if (entity === 'payment' && !isBlank(bpType) && bpType !== 'customer' && bpType !== 'supplier') {
    errors.push({ field: 'businessPartnerType', rule: 'x3-menu', message: 'BP type (BPRTYP) is customer or supplier' });
  }
  if (rules.lines) {
    const lines = Array.isArray(payload.lines) ? (payload.lines as Row[]) : [];
    if (lines.length === 0) {
      errors.push({ field: 'lines', rule: 'required', message: 'X3 needs at least one line' });
    }
    lines.forEach((line, i) =>
      errors.push(...fieldErrors(line, `lines[${i}].`, rules.lines!.required, rules.lines!.optional)),
    );
    const currency = typeof payload.currency === 'string' ? payload.currency : ctx.baseCurrency;
    if (rules.lines.money) errors.push(...moneyErrors(lines, rules.lines.money, currency, ctx));
  }
  return errors;
}
