// Xero refuses a second active contact with the same name, so a name the sync would write must
// not be held by another contact when the write happens. This finds each X3 party whose name
// (or confirmed rename) is held by another Xero contact, or by another X3 party's new contact,
// and proposes "Name (X3 KEY)" for the user to accept or edit. One customer and one supplier
// with the same name become one contact (Xero contacts are both), not a clash.
import { xeroNameKey } from './normalise';
import { NameClash, SharedContact, slotOf, X3Party, XeroContactFacts } from './match-types';

/** Xero's limit on a contact name. */
export const CONTACT_NAME_MAX = 255;

interface Holder {
  xeroId?: string;
  customer?: string;
  supplier?: string;
}

export interface ClashInput {
  parties: X3Party[];
  contacts: XeroContactFacts[];
  /** entity:key → the Xero contact the party is matched (or linked) to. */
  targets: Map<string, string>;
  /** entity:key of parties left to the user (ambiguous): not judged until resolved. */
  undecided: Set<string>;
  renames: Map<string, string>;
}

export function proposedNameFor(name: string, key: string, taken: (candidate: string) => boolean): string {
  for (let n = 1; ; n++) {
    const tag = n === 1 ? ` (X3 ${key})` : ` (X3 ${key} ${n})`;
    const candidate = `${name.slice(0, CONTACT_NAME_MAX - tag.length).trimEnd()}${tag}`;
    if (!taken(candidate)) return candidate;
  }
}

export function findNameClashes(input: ClashInput): { clashes: NameClash[]; shared: SharedContact[] } {
  const clashes: NameClash[] = [];
  const shared: SharedContact[] = [];
  const holders = new Map<string, Holder>();
  // Every contact holds its name until it is written: the order of the first writes is not known
  // here, so a name a matched contact is about to give up is not yet free. Archived contacts too:
  // Xero's message says "active contacts", but integrators report the refusal for archived ones
  // (docs/connectors/first-connection-matching.md).
  for (const c of input.contacts) holders.set(xeroNameKey(c.name), { xeroId: c.id });
  const slots = new Map<X3Party, string>(input.parties.map((p) => [p, slotOf(p.entity, p.key)]));
  const slot = (p: X3Party) => slots.get(p)!;
  const written = (p: X3Party) => input.renames.get(slot(p)) ?? p.name;
  const taken = (candidate: string) => holders.has(xeroNameKey(candidate));
  const clash = (p: X3Party, heldBy: NameClash['heldBy']) => {
    const proposedName = proposedNameFor(written(p), p.key, taken);
    holders.set(xeroNameKey(proposedName), p.entity === 'customer' ? { customer: p.key } : { supplier: p.key });
    clashes.push({ entity: p.entity, x3Key: p.key, name: written(p), heldBy, proposedName });
  };
  const judged = input.parties
    .filter((p) => !input.undecided.has(slot(p)))
    .sort((a, b) => (a.entity === b.entity ? (a.key < b.key ? -1 : 1) : a.entity === 'customer' ? -1 : 1));

  // Matched parties write their name onto their own contact: another contact holding it clashes.
  const matched = judged.filter((p) => input.targets.has(slot(p)));
  for (const p of matched) {
    const target = input.targets.get(slot(p))!;
    const nameKey = xeroNameKey(written(p));
    const holder = holders.get(nameKey);
    if (holder && holder.xeroId !== target) clash(p, heldByOf(holder));
    else holders.set(nameKey, { xeroId: target });
  }
  const customerOf = new Map<string, X3Party>();
  for (const p of matched) if (p.entity === 'customer') customerOf.set(input.targets.get(slot(p))!, p);
  for (const p of matched.filter((q) => q.entity === 'supplier')) {
    const xeroId = input.targets.get(slot(p))!;
    const customer = customerOf.get(xeroId);
    if (customer) shared.push({ customerKey: customer.key, supplierKey: p.key, name: written(customer), xeroId });
  }
  // New parties create a contact: the name must be free, or be a new contact the counterpart
  // (a customer for a supplier, and back) creates, which then serves both.
  for (const p of judged.filter((q) => !input.targets.has(slot(q)))) {
    const nameKey = xeroNameKey(written(p));
    const holder = holders.get(nameKey);
    if (!holder) {
      holders.set(nameKey, p.entity === 'customer' ? { customer: p.key } : { supplier: p.key });
    } else if (!holder.xeroId && p.entity === 'supplier' && holder.customer && !holder.supplier) {
      holder.supplier = p.key;
      shared.push({ customerKey: holder.customer, supplierKey: p.key, name: written(p) });
    } else clash(p, heldByOf(holder));
  }
  return { clashes, shared };
}

function heldByOf(holder: Holder): NameClash['heldBy'] {
  if (holder.xeroId) return { xeroId: holder.xeroId };
  return holder.customer
    ? { x3Entity: 'customer', x3Key: holder.customer }
    : { x3Entity: 'supplier', x3Key: holder.supplier };
}
