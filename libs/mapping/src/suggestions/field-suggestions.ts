// Field pairs (source field → target field) for one entity and direction, from the two systems'
// field catalogues: names split into words and brought to shared terms ("companyName" and "name",
// "zipCode" and "postalCode"), value types, and sample values (an e-mail address, a date, a
// number). Lines pair only with lines. One-to-one, with the tenant's earlier decisions.
import { alternativesOf, assignOneToOne, confidenceOf } from './assignment';
import { applyHistory } from './history';
import type { Candidate, PriorDecision, Proposal } from './suggestion-types';
import { similarity } from './vocabulary';

export type FieldType = 'string' | 'number' | 'boolean' | 'date';

export interface FieldFacts {
  /** A path as a mapping document writes it: `email`, `lines[].netPrice`, `lineItems[].unitAmount`. */
  path: string;
  type?: FieldType;
  /** A few values seen in real records (source side), as text. */
  samples?: string[];
}

/** Field words of both systems brought to one term. */
const TERMS: Record<string, string> = {
  companyname: 'name',
  name: 'name',
  description: 'name',
  designation: 'name',
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  phone: 'phone',
  telephone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  zip: 'postcode',
  zipcode: 'postcode',
  postalcode: 'postcode',
  postcode: 'postcode',
  city: 'city',
  town: 'city',
  state: 'region',
  region: 'region',
  country: 'country',
  countrycode: 'country',
  currency: 'currency',
  currencycode: 'currency',
  defaultcurrency: 'currency',
  taxnumber: 'taxid',
  vatnumber: 'taxid',
  taxid: 'taxid',
  code: 'code',
  number: 'code',
  contactnumber: 'code',
  itemcode: 'code',
  quantity: 'quantity',
  qty: 'quantity',
  netprice: 'price',
  unitprice: 'price',
  unitamount: 'price',
  price: 'price',
  baseprice: 'price',
  amount: 'amount',
  total: 'amount',
  linetotal: 'amount',
  lineamount: 'amount',
  reference: 'reference',
  duedate: 'duedate',
  date: 'date',
  invoicedate: 'date',
  accountingdate: 'date',
  isactive: 'active',
  active: 'active',
  creditlimit: 'creditlimit',
};

const WORD_TERMS: Record<string, string> = { line: 'line1', addressline: 'line1', address: 'address' };

/** The words of a path: camelCase and dots split, `[]` kept as a "lines" marker, terms applied. */
export function fieldWords(path: string): Set<string> {
  const out = new Set<string>();
  const leaf = path.split('.').pop()!.replace(/\[\]/g, '');
  const whole = TERMS[leaf.toLowerCase()];
  if (whole) out.add(whole);
  else
    for (const w of leaf
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([a-zA-Z])([0-9])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean))
      out.add(TERMS[w] ?? WORD_TERMS[w] ?? w);
  return out;
}

const isLine = (path: string) => path.includes('[]');
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}/;

/** What sample values say about a field when the catalogue gives no type. */
export function typeOfSamples(samples: readonly string[]): FieldType | undefined {
  const seen = samples.filter((s) => s !== '');
  if (!seen.length) return undefined;
  if (seen.every((s) => s === 'true' || s === 'false')) return 'boolean';
  if (seen.every((s) => DAY.test(s))) return 'date';
  if (seen.every((s) => /^-?\d+(\.\d+)?$/.test(s))) return 'number';
  return 'string';
}

const NAME_WEIGHT = 0.6;
const SAME_TYPE = 0.2;
const OTHER_TYPE = -0.3;
const SAMPLE_FITS = 0.2;
export const MIN_FIELD_SCORE = 0.3;

function scorePair(source: FieldFacts, target: FieldFacts): Candidate | undefined {
  if (isLine(source.path) !== isLine(target.path)) return undefined;
  const reasons: string[] = [];
  const a = fieldWords(source.path);
  const b = fieldWords(target.path);
  const sim = similarity(a, b);
  if (sim === 0) return undefined;
  let score = NAME_WEIGHT * sim;
  reasons.push(
    sim === 1 ? 'names match after normalising' : `names share ${[...a].filter((w) => b.has(w)).join(', ')}`,
  );
  const sourceType = source.type ?? typeOfSamples(source.samples ?? []);
  if (sourceType && target.type) {
    if (sourceType === target.type) {
      score += SAME_TYPE;
      reasons.push(`both hold ${sourceType === 'date' ? 'dates' : `${sourceType}s`}`);
    } else if (!(target.type === 'string' && sourceType !== 'boolean')) score += OTHER_TYPE;
  }
  const samples = source.samples ?? [];
  if (b.has('email') && samples.length && samples.every((s) => EMAIL.test(s))) {
    score += SAMPLE_FITS;
    reasons.push(`sample values are e-mail addresses (${samples[0]})`);
  }
  return { sourceKey: source.path, targetKey: target.path, score, reasons };
}

export function suggestFields(
  sources: readonly FieldFacts[],
  targets: readonly FieldFacts[],
  scope: string,
  decisions: readonly PriorDecision[] = [],
): Proposal[] {
  const scored = sources.flatMap((s) => targets.flatMap((t) => scorePair(s, t) ?? []));
  const label = (c: Candidate) => `${c.sourceKey} → ${c.targetKey}`;
  const candidates = applyHistory(scored, decisions, 'fields', scope, label);
  const chosen = assignOneToOne(candidates, MIN_FIELD_SCORE);
  const others = alternativesOf(candidates, chosen, MIN_FIELD_SCORE);
  return [...chosen.values()]
    .sort((p, q) => p.sourceKey.localeCompare(q.sourceKey))
    .map((c) => ({
      kind: 'fields' as const,
      scope,
      source: { key: c.sourceKey, label: c.sourceKey },
      target: { key: c.targetKey, label: c.targetKey },
      confidence: confidenceOf(c.score),
      reasons: c.reasons,
      alternatives: (others.get(c.sourceKey) ?? []).map((o) => ({
        key: o.targetKey,
        label: o.targetKey,
        confidence: confidenceOf(o.score),
      })),
    }));
}
