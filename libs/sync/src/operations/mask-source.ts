// A source record as a person sees it in the product: bank and tax numbers are masked (all but
// their last four characters), at any depth. Applied on the way out (a dead letter's detail) AND
// at rest: the record trail's payloads and a dead letter's stored source (libs/sync/src/trail).
// Xero: Contact BankAccountDetails, TaxNumber, BatchPayments (bank account, details); X3: the
// BPC/BPS bank tables (BIDNUM, IBAN…), EECNUM (intra-EU VAT), CRN, SIRET/NAF and friends.

const SENSITIVE =
  /(bank|iban|bic|swift|account.?number|sort.?code|routing|tax.?(number|id|no)|vat.?(number|no|id)|siret|siren|abn|gst.?number|crn|eori|ssn|bidnum|eecnum|batch.?payments|^naf$|^bid)/i;

function maskValue(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value);
  return text.length <= 4 ? '•'.repeat(text.length) : `${'•'.repeat(text.length - 4)}${text.slice(-4)}`;
}

export function maskSource(value: unknown, sensitive = false): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSource(v, sensitive));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        maskSource(v, sensitive || SENSITIVE.test(k)),
      ]),
    );
  }
  return sensitive ? maskValue(value) : value;
}
