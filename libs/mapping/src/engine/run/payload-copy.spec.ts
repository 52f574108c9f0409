import type { Customer } from '../../canonical';
import type { XeroAdapter } from '../../adapters/adapter-contract';
import { salesInvoiceEntityOf, X3_ADAPTERS } from '../../adapters/x3';
import { XERO_ADAPTERS } from '../../adapters/xero';
import { corpusDocument } from '../../corpus/x3-invoice-corpus';
import { compileMapping } from '../compile/compile-mapping';
import { compileLookup } from '../compile/lookups';
import type { MappingDocument } from '../mapping-document';
import { fixtureAdapters, fixtureContext } from '../testing/fixture-adapters';
import { runMapping } from './run-mapping';

// The payload is the engine's own: copied from the adapter's answer unless the adapter declares it
// builds a fresh plain object every time (plainOutput), which the document adapters do.

class XeroContact {
  constructor(readonly name: string) {}
}

const customerDoc: MappingDocument = {
  schema: 1,
  entity: 'customer',
  direction: 'x3-to-xero',
  fields: [],
  lookups: [],
};

function contextWith(toXero: XeroAdapter<'customer'>['toXero'], plainOutput?: boolean) {
  const customer: XeroAdapter<'customer'> = { ...fixtureAdapters.xero.customer!, toXero, plainOutput };
  return fixtureContext({ adapters: { ...fixtureAdapters, xero: { ...fixtureAdapters.xero, customer } } });
}

async function payloadOf(context: ReturnType<typeof contextWith>) {
  const outcome = await runMapping(compileMapping(customerDoc), { BPCNUM: 'C001', BPCNAM: 'Acme' }, context);
  if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
  return outcome.payload;
}

function collect(value: unknown, into: Set<object>): void {
  if (value === null || typeof value !== 'object' || into.has(value)) return;
  into.add(value);
  for (const item of Object.values(value)) collect(item, into);
}

/** Plain data, no undefined member, no object from `seen` (which gains this payload's objects). */
function expectPlain(value: unknown, seen: Set<object>): void {
  if (value === null || typeof value !== 'object') return;
  expect(seen.has(value)).toBe(false);
  seen.add(value);
  expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(value));
  for (const item of Object.values(value)) {
    expect(item).not.toBeUndefined();
    expectPlain(item, seen);
  }
}

describe('the payload an adapter gives the engine', () => {
  it('is copied to plain data (no class instance, no shared object) unless the adapter declares plainOutput', async () => {
    const shared = [{ addressType: 'POBOX', city: 'Auckland' }];
    const payload = await payloadOf(
      contextWith((c: Customer) => Object.assign(new XeroContact(c.name), { contactNumber: c.key, addresses: shared })),
    );
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(payload).toEqual({ name: 'Acme', contactNumber: 'C001', addresses: shared });
    expect(payload.addresses).not.toBe(shared);
  });

  it("is the adapter's own fresh object when it declares plainOutput", async () => {
    let given: object | undefined;
    const payload = await payloadOf(
      contextWith((c: Customer) => {
        given = { name: c.name, contactNumber: c.key };
        return given;
      }, true),
    );
    expect(payload).toBe(given);
  });

  it('is declared plain by the Xero document adapters, which build every part afresh', () => {
    for (const entity of ['invoice', 'bill', 'creditNote', 'salesOrder'] as const) {
      expect(XERO_ADAPTERS[entity]?.plainOutput).toBe(true);
    }
    // and they keep that promise: plain objects and arrays only, no undefined, nothing shared
    const ctx = { baseCurrency: 'NZD', x3Company: 'NZ10' };
    for (let i = 0; i < 50; i++) {
      const record = corpusDocument(i, { companies: ['NZ10'], lines: 4, creditShare: 0.3 }).record;
      const entity = salesInvoiceEntityOf(record);
      const canonical = X3_ADAPTERS[entity].fromX3(record, ctx);
      const objects = new Set<object>();
      collect(canonical, objects);
      const adapter = XERO_ADAPTERS[entity];
      expectPlain(adapter.toXero(canonical as never, ctx), objects);
      expectPlain(adapter.toXero(canonical as never, ctx), objects);
    }
  });
});

describe('wildcard lookups remembered per key', () => {
  it('answers every key as the first time, hits and misses alike, also past the memo size', () => {
    const table = compileLookup({
      name: 'accounts',
      kind: 'gl-account',
      keyFields: ['code', 'rule'],
      entries: [
        { key: ['701', '*'], value: { accountCode: '200' } },
        { key: ['*', 'EXP'], value: { accountCode: '260' } },
        { key: ['702', 'FRA'], value: { accountCode: '210' } },
      ],
    });
    const find = (code: string, rule: string) => table.findJoined(`${code}\u0000${rule}`, () => [code, rule]);
    for (let round = 0; round < 2; round++) {
      expect(find('701', 'FRA')?.accountCode).toBe('200');
      expect(find('999', 'EXP')?.accountCode).toBe('260');
      expect(find('702', 'FRA')?.accountCode).toBe('210');
      expect(find('999', 'FRA')).toBeUndefined();
    }
    for (let i = 0; i < 12_000; i++) expect(find(String(i), 'EXP')?.accountCode).toBe(i === 701 ? '200' : '260');
    expect(find('999', 'FRA')).toBeUndefined();
  });
});
