// The dry run with each region's starter templates on its same-currency sandbox pair (AU10, GB10,
// US10 against a fresh Xero AU, UK, US organisation): the expected answers come from the seeds,
// read independently of the product, and neither side changes. The xero-to-x3 direction is in
// mappings-dry-run-reverse.e2e-spec.ts.
import { X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import {
  purchaseInvoiceEntityOf,
  REGION_FACTS,
  salesInvoiceEntityOf,
  StarterEntity,
  StarterRegion,
  starterTemplate,
} from '#lb/mapping';
import { usePairWorld } from './mapping-pair-world';
import { change, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;
/** The most records one dry run answers for. */
const LIMIT = 50;

/** Where each template entity's records live in X3, which of them are that entity, and the party a document names. */
const SOURCES: Array<{
  entity: StarterEntity;
  node: X3EntityName;
  belongs?: (r: X3Record) => boolean;
  party?: string;
}> = [
  { entity: 'customer', node: 'customer' },
  { entity: 'supplier', node: 'supplier' },
  { entity: 'product', node: 'product' },
  {
    entity: 'invoice',
    node: 'salesInvoice',
    belongs: (r) => salesInvoiceEntityOf(r) === 'invoice',
    party: 'billToCustomer',
  },
  {
    entity: 'bill',
    node: 'purchaseInvoice',
    belongs: (r) => purchaseInvoiceEntityOf(r) === 'bill',
    party: 'billBySupplier',
  },
];

/** A line's analytic dimensions as X3 sends them: type (DIE) and value (CCE) by position. */
const dimensionsOf = (line: Json) =>
  Array.from({ length: 20 }, (_, i) => [line[`dimensionType${i + 1}`], line[`analyticalDimension${i + 1}`]])
    .filter(([type, value]) => typeof type === 'string' && type && typeof value === 'string' && value)
    .map(([type, value]) => ({ type: String(type), value: String(value) }));

describe('dry run with the starter templates on the AU, UK and US sandbox pairs', () => {
  const { world: worldOf, x3Records, bothSides, pairFor } = usePairWorld(SOURCES.map((s) => s.node));
  let world: XeroWorld;
  beforeAll(() => {
    world = worldOf();
  });

  it.each<StarterRegion>(['AU', 'UK', 'US'])(
    '%s: every record of the company gets the answer its seed implies on a fresh organisation, and nothing is written',
    async (region) => {
      const { admin, base, xeroRead } = await pairFor(region);
      const seeded = await x3Records([REGION_FACTS[region].x3Company]);
      const before = await bothSides(xeroRead);

      // Xero takes an X3 dimension as tracking only where the organisation has that category and option.
      const { TrackingCategories: categories } = JSON.parse((await xeroRead('GET', '/TrackingCategories')).text) as {
        TrackingCategories: Array<{ Name: string; Options: Array<{ Name: string }> }>;
      };
      const tracks = ({ type, value }: { type: string; value: string }) =>
        categories.some(
          (c) =>
            c.Name.toLowerCase() === type.toLowerCase() &&
            c.Options.some((o) => o.Name.toLowerCase() === value.toLowerCase()),
        );

      let answered = 0;
      for (const { entity, node, belongs, party } of SOURCES) {
        const template = starterTemplate(region, entity);
        const saved = await change(world, admin, 'POST', `${base}/${entity}/x3-to-xero/versions`, {
          document: template,
        });
        // The template's tracking table (options.tracking) turns each X3 dimension into a Xero
        // category and option; dimension types it never names are not tracked.
        const trackingTable = template.lookups.find((t) => t.name === template.options?.tracking?.table);
        const mappedTypes = new Set(trackingTable?.entries.map((e) => e.key[0]));
        const untrackedIn = (line: Json) =>
          dimensionsOf(line)
            .filter((d) => mappedTypes.has(d.type))
            .some((d) => {
              const to = trackingTable!.entries.find((e) => e.key[0] === d.type && e.key[1] === d.value)?.value;
              expect({ dimension: d, mapped: to !== undefined }).toEqual({ dimension: d, mapped: true });
              return !tracks({ type: to!.name, value: to!.option });
            });
        expect(saved.status).toBe(201);
        const run = await change(world, admin, 'POST', `${base}/${entity}/x3-to-xero/dry-run`, { limit: LIMIT });
        expect({ entity, status: run.status }).toEqual({ entity, status: 200 });

        // The seed's records of that entity in the company's scope (master data is folder-wide). A
        // fresh organisation holds none of them: partners and products are new; a document is
        // invalid when a line's dimension translates to a category or option the organisation lacks,
        // else it waits on its contact (which the sync creates first).
        const expected = (seeded.get(node) ?? [])
          .filter((r) => !belongs || belongs(r))
          .slice(0, LIMIT)
          .map((r) => {
            if (!party) return { sourceKey: r._id, action: 'create' };
            const lines = (r.lines as Json[] | undefined) ?? [];
            const untracked = lines.some(untrackedIn);
            return untracked
              ? {
                  sourceKey: r._id,
                  action: 'invalid',
                  issues: expect.arrayContaining([
                    expect.objectContaining({
                      rule: 'xero-unknown-tracking-category',
                      field: expect.stringMatching(/^lineItems\[\d+\]\.tracking\[\d+\]\.name$/),
                    }),
                  ]),
                }
              : {
                  sourceKey: r._id,
                  action: 'waiting',
                  missing: expect.arrayContaining([{ table: 'contacts', key: [String(r[party])] }]),
                };
          });
        const records = run.body.records as Json[];
        expect({ entity, records }).toEqual({
          entity,
          records: expected.map((e) => expect.objectContaining(e)),
        });
        const count = (action: string) => expected.filter((e) => e.action === action).length;
        expect({ entity, counts: run.body.counts }).toEqual({
          entity,
          counts: { create: count('create'), update: 0, skip: 0, invalid: count('invalid'), waiting: count('waiting') },
        });
        answered += expected.length;
      }
      expect(answered).toBeGreaterThan(0);

      expect(await bothSides(xeroRead)).toEqual(before);
    },
  );
});
