// What a mapped payload names in the Xero organisation — account codes, tax types, tracking
// categories and options, item codes, the contact — checked against what the organisation holds,
// so a dry run does not answer 'create' for a payload Xero would refuse. Xero refuses a line whose
// account code, tax type or tracking option it does not know (a ValidationException); an item or
// contact the sync creates first is a prerequisite: the record waits on it (issue 11).
import { spec, XeroOrg } from '#lb/connectors/xero';
import type { RecordIssue } from './preview-types';
import { readByKeys } from './xero-match';

type Row = Record<string, unknown>;

export interface Missing {
  table: string;
  key: string[];
}

/** The references one payload makes, each with the path of the field naming it. */
interface References {
  accounts: Array<{ path: string; code: string }>;
  taxTypes: Array<{ path: string; taxType: string }>;
  tracking: Array<{ path: string; name: string; option?: string }>;
  items: string[];
  contacts: string[];
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const liveRow = (r: Row) => r.status !== 'DELETED' && r.status !== 'ARCHIVED';

/** Walks a payload (xero-node camelCase) for the fields that name organisation records. */
export function referencesOf(payload: Row): References {
  const refs: References = { accounts: [], taxTypes: [], tracking: [], items: [], contacts: [] };
  const contact = payload.contact as Row | undefined;
  const contactNumber = text(contact?.contactNumber);
  if (contactNumber && !text(contact?.contactID)) refs.contacts.push(contactNumber);
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (!value || typeof value !== 'object') return;
    const row = value as Row;
    const at = (k: string) => (path ? `${path}.${k}` : k);
    for (const [k, v] of Object.entries(row)) {
      if (k === 'accountCode' && text(v)) refs.accounts.push({ path: at(k), code: v as string });
      else if (k === 'taxType' && text(v)) refs.taxTypes.push({ path: at(k), taxType: v as string });
      else if (k === 'itemCode' && text(v)) refs.items.push(v as string);
      else if (k === 'tracking' && Array.isArray(v)) {
        v.forEach((t: Row, i) => {
          if (text(t?.name))
            refs.tracking.push({ path: `${at(k)}[${i}]`, name: t.name as string, option: text(t.option) });
        });
      } else if (k === 'account' && text((v as Row | undefined)?.code)) {
        refs.accounts.push({ path: `${at(k)}.code`, code: (v as Row).code as string });
      } else if (k !== 'contact') walk(v, at(k));
    }
  };
  walk(payload, '');
  return refs;
}

/** The organisation's records the payloads name: read once per dry run (reference lists whole, items and contacts by key). */
export interface OrganisationFacts {
  accounts: Set<string>;
  taxTypes: Set<string>;
  /** Category name (lower case) → its active option names (lower case). */
  tracking: Map<string, Set<string>>;
  items: Set<string>;
  contacts: Set<string>;
}

async function listAll(org: XeroOrg, entity: string): Promise<Row[]> {
  const s = spec(entity);
  const { body } = await org.call({ operation: `list:${entity}`, isWrite: false }, (api, t) => s.list(api, t, {}));
  return (((body as Row)[s.wrapper] as Row[] | undefined) ?? []).filter(liveRow);
}

/** Reads only what the payloads need: no call for a kind of reference none of them makes. */
export async function organisationFactsFor(org: XeroOrg, payloads: Row[]): Promise<OrganisationFacts> {
  const all = payloads.map(referencesOf);
  const needs = (pick: (r: References) => unknown[]) => all.some((r) => pick(r).length > 0);
  const distinct = (pick: (r: References) => string[]) => [...new Set(all.flatMap(pick))];
  const facts: OrganisationFacts = {
    accounts: new Set(),
    taxTypes: new Set(),
    tracking: new Map(),
    items: new Set(),
    contacts: new Set(),
  };
  if (needs((r) => r.accounts)) {
    for (const a of await listAll(org, 'accounts')) if (text(a.code)) facts.accounts.add(a.code as string);
  }
  if (needs((r) => r.taxTypes)) {
    for (const t of await listAll(org, 'taxRates')) if (text(t.taxType)) facts.taxTypes.add(t.taxType as string);
  }
  if (needs((r) => r.tracking)) {
    for (const c of await listAll(org, 'trackingCategories')) {
      const options = ((c.options as Row[] | undefined) ?? []).filter(liveRow).map((o) => String(o.name).toLowerCase());
      facts.tracking.set(String(c.name).toLowerCase(), new Set(options));
    }
  }
  const items = distinct((r) => r.items);
  if (items.length) {
    for (const i of await readByKeys(org, 'items', 'code', items)) if (text(i.code)) facts.items.add(i.code as string);
  }
  const contacts = distinct((r) => r.contacts);
  if (contacts.length) {
    for (const c of await readByKeys(org, 'contacts', 'contactNumber', contacts)) {
      if (liveRow(c) && text(c.contactNumber)) facts.contacts.add(c.contactNumber as string);
    }
  }
  return facts;
}

/**
 * What Xero would refuse in the payload (issues), else what it must wait for (missing). Codes are
 * compared exactly; tracking names without case (whether Xero itself ignores case there is not
 * documented: a case-only difference is left for the write to settle, not refused here).
 */
export function checkReferences(payload: Row, facts: OrganisationFacts): { issues: RecordIssue[]; missing: Missing[] } {
  const refs = referencesOf(payload);
  const issues: RecordIssue[] = [];
  for (const { path, code } of refs.accounts) {
    if (!facts.accounts.has(code)) {
      issues.push({
        field: path,
        rule: 'xero-unknown-account',
        message: `The organisation has no active account with code ${code}`,
      });
    }
  }
  for (const { path, taxType } of refs.taxTypes) {
    if (!facts.taxTypes.has(taxType)) {
      issues.push({
        field: path,
        rule: 'xero-unknown-tax-type',
        message: `The organisation has no active tax rate ${taxType}`,
      });
    }
  }
  for (const { path, name, option } of refs.tracking) {
    const options = facts.tracking.get(name.toLowerCase());
    if (!options) {
      issues.push({
        field: `${path}.name`,
        rule: 'xero-unknown-tracking-category',
        message: `The organisation has no active tracking category ${name}`,
      });
    } else if (option && !options.has(option.toLowerCase())) {
      issues.push({
        field: `${path}.option`,
        rule: 'xero-unknown-tracking-option',
        message: `Tracking category ${name} has no active option ${option}`,
      });
    }
  }
  const missing: Missing[] = [
    ...[...new Set(refs.contacts)].filter((c) => !facts.contacts.has(c)).map((c) => ({ table: 'contacts', key: [c] })),
    ...[...new Set(refs.items)].filter((i) => !facts.items.has(i)).map((i) => ({ table: 'items', key: [i] })),
  ];
  return { issues, missing };
}
