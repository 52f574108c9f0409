// Contacts: X3 customers and suppliers against Xero contacts, by ContactNumber (our X3 key), then
// normalised name, then tax number, then email. Customers and suppliers are matched separately:
// a Xero contact is both, so one customer and one supplier may share it.
import { normaliseEmail, normaliseName, normaliseTaxNumber } from './normalise';
import { StageRule, matchInStages, StagedOutput } from './staged-matching';
import { X3Party, XeroContactFacts } from './match-types';

const CONTACT_RULES: StageRule<X3Party, XeroContactFacts>[] = [
  {
    rule: 'contact-number',
    x3Key: (x) => x.key.trim(),
    xeroKey: (y) => y.number?.trim(),
    confidence: () => 100,
    naturalKey: (y) => y.number ?? null,
  },
  {
    rule: 'name',
    x3Key: (x) => normaliseName(x.name),
    xeroKey: (y) => normaliseName(y.name),
    // The same text but for case and spaces is surer than a match after dropping "Ltd" or accents.
    confidence: (x, y) => (x.name.trim().toLowerCase() === y.name.trim().toLowerCase() ? 95 : 85),
    naturalKey: (y) => y.name,
  },
  {
    rule: 'tax-number',
    x3Key: (x) => normaliseTaxNumber(x.taxNumber),
    xeroKey: (y) => normaliseTaxNumber(y.taxNumber),
    confidence: () => 80,
    naturalKey: (y) => y.number ?? null,
  },
  {
    // Weakest: one accounts mailbox can serve several firms of a group.
    rule: 'email',
    x3Key: (x) => normaliseEmail(x.email),
    xeroKey: (y) => normaliseEmail(y.email),
    confidence: () => 70,
    naturalKey: (y) => y.number ?? null,
  },
];

export function matchParties(
  entity: 'customer' | 'supplier',
  parties: X3Party[],
  contacts: XeroContactFacts[],
): StagedOutput {
  return matchInStages({
    entity,
    x3: parties,
    xero: contacts.filter((c) => c.active),
    x3KeyOf: (x) => x.key,
    xeroIdOf: (y) => y.id,
    x3Label: (x) => x.name,
    xeroLabel: (y) => (y.number ? `${y.name} (${y.number})` : y.name),
    rules: CONTACT_RULES,
  });
}
