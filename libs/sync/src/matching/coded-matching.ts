// Items by Code (= ITMREF) and accounts by Code (= ACC); Xero invoices by InvoiceNumber and
// contact; bills by Reference (our X3 key), else by the supplier's number and contact.
import { normaliseCode } from './normalise';
import { matchInStages, StagedOutput } from './staged-matching';
import { MatchEntity, X3Coded, X3Document, XeroCodedFacts, XeroDocumentFacts } from './match-types';

export function matchByCode(entity: 'product' | 'account', x3: X3Coded[], xero: XeroCodedFacts[]): StagedOutput {
  return matchInStages({
    entity,
    x3,
    xero: xero.filter((y) => y.active),
    x3KeyOf: (x) => x.key,
    xeroIdOf: (y) => y.id,
    x3Label: (x) => (x.name ? `${x.key} ${x.name}` : x.key),
    xeroLabel: (y) => (y.name ? `${y.code} ${y.name}` : y.code),
    rules: [
      {
        rule: 'code',
        x3Key: (x) => normaliseCode(x.key),
        xeroKey: (y) => normaliseCode(y.code),
        // Equal but for case: the same code to Xero, a little less sure to us.
        confidence: (x, y) => (x.key.trim() === y.code.trim() ? 100 : 90),
        naturalKey: (y) => y.code,
      },
    ],
  });
}

const documentLabel = (d: XeroDocumentFacts) => d.number ?? d.reference ?? d.id;

/**
 * Sales invoices: X3 NUM = Xero InvoiceNumber (unique for ACCREC). A number held by a document
 * of another contact (or of a contact not matched) is listed, never taken: creating ours would
 * fail on the number, and taking theirs could pair two different sales.
 */
export function matchInvoices(
  x3: X3Document[],
  xero: XeroDocumentFacts[],
  contactOf: (partyKey: string) => string | undefined,
): StagedOutput {
  return matchInStages({
    entity: 'invoice',
    x3,
    xero: xero.filter((y) => y.live),
    x3KeyOf: (x) => x.key,
    xeroIdOf: (y) => y.id,
    x3Label: (x) => `${x.key} (${x.partyKey})`,
    xeroLabel: documentLabel,
    rules: [
      {
        rule: 'number-and-contact',
        x3Key: (x) => x.key.trim(),
        xeroKey: (y) => y.number?.trim(),
        confidence: () => 100,
        naturalKey: (y) => y.number ?? null,
        refuse: (x, y) => (y.contactId && contactOf(x.partyKey) === y.contactId ? undefined : 'contact-differs'),
      },
    ],
  });
}

/**
 * Bills: our X3 key in Reference (what the writer sends), else the supplier's own number (BPRVCR
 * = InvoiceNumber) of the same contact; AP numbers are unique per supplier only, so a number
 * held by another supplier's bill is simply not this one.
 */
export function matchBills(
  x3: X3Document[],
  xero: XeroDocumentFacts[],
  contactOf: (partyKey: string) => string | undefined,
): StagedOutput {
  const entity: MatchEntity = 'bill';
  const sameContact = (x: X3Document, y: XeroDocumentFacts) => !!y.contactId && contactOf(x.partyKey) === y.contactId;
  return matchInStages({
    entity,
    x3,
    xero: xero.filter((y) => y.live),
    x3KeyOf: (x) => x.key,
    xeroIdOf: (y) => y.id,
    x3Label: (x) => `${x.key} (${x.partyKey})`,
    xeroLabel: documentLabel,
    rules: [
      {
        rule: 'reference',
        x3Key: (x) => x.key.trim(),
        xeroKey: (y) => y.reference?.trim(),
        confidence: (x, y) => (sameContact(x, y) ? 100 : 80),
        naturalKey: (y) => y.reference ?? null,
      },
      {
        rule: 'number-and-contact',
        // The contact is part of the key: the same number from two suppliers is two bills.
        x3Key: (x) => {
          const contact = contactOf(x.partyKey);
          return contact && x.supplierReference?.trim() ? `${contact}|${x.supplierReference.trim()}` : '';
        },
        xeroKey: (y) => (y.number?.trim() && y.contactId ? `${y.contactId}|${y.number.trim()}` : ''),
        confidence: () => 95,
        naturalKey: (y) => y.number ?? null,
      },
    ],
  });
}
