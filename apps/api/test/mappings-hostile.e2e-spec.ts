// Hostile expressions in a saved mapping, through the running api: what compiles is saved, and a
// dry run stops it per record (time, depth, output size) and reports it as that record's error,
// while /health/live and the other routes keep answering; prototype access is refused at save
// time with its position. The engine-level cases are in libs/mapping (safe-expression.spec.ts).
import { MappingDocument, starterTemplate } from '#lb/mapping';
import { probeLiveWhile } from './attack/hostile-requests';
import { usePairWorld } from './mapping-pair-world';
import { change, read, XeroWorld } from './xero-world';

type Json = Record<string, unknown>;

/** The NZ customer template with one JSONata field on the contact's name. */
const withExpression = (expression: string): MappingDocument => ({
  ...starterTemplate('NZ', 'customer'),
  fields: [{ target: 'name', source: { kind: 'expression', expression } }],
});

const HOSTILE: Array<[string, string, RegExp]> = [
  ['huge output from one built-in', '$pad("", 1e9)', /size limit/],
  // the depth limit stops it first on a quiet machine; under load the 250 ms time limit can come first
  ['infinite recursion', '($f := function($n) { 1 + $f($n + 1) }; $f(0))', /depth limit|time limit/],
  ['an endless loop', '($f := function($n) { $f($n + 1) }; $f(0))', /time limit/],
  [
    'a doubling structure',
    '($t := function($x, $n) { $n = 0 ? $x : $t([$x, $x], $n - 1) }; $t([1], 40))',
    /size limit/,
  ],
];

describe('hostile expressions in a saved mapping, through the api', () => {
  const { world: worldOf, pairFor } = usePairWorld(['customer']);
  let world: XeroWorld;
  let pair: Awaited<ReturnType<typeof pairFor>>;
  beforeAll(async () => {
    world = worldOf();
    pair = await pairFor('NZ');
  });

  it.each(HOSTILE)(
    '%s is stopped per record and reported, while the api keeps serving',
    async (_name, expression, reason) => {
      const { admin, base } = pair;
      const saved = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
        document: withExpression(expression),
      });
      expect(saved.status).toBe(201);

      const run = change(world, admin, 'POST', `${base}/customer/x3-to-xero/dry-run`, { limit: 5 });
      const probes = await probeLiveWhile(world.api.url, run);
      const answer = await run;
      expect(answer.status).toBe(200);
      const records = answer.body.records as Array<{ action: string; issues?: Json[] }>;
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        expect(record.action).toBe('invalid');
        // out of time has its own rule (the drain tries it again); depth may meet the time limit first
        const stopped = (record.issues ?? []).filter((i) => String(i.rule).startsWith('expression'));
        expect(stopped).toEqual([
          {
            field: 'name',
            rule: expect.stringMatching(/^expression(-time)?$/),
            message: expect.stringMatching(reason),
          },
        ]);
      }
      expect(probes.length).toBeGreaterThan(0);
      expect(probes.every((p) => p.status === 200)).toBe(true);

      // The same process answers the next request, and a sound expression maps again.
      const sound = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
        document: withExpression('$uppercase(name)'),
      });
      expect(sound.status).toBe(201);
      const after = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/dry-run`, { limit: 5 });
      expect(after.status).toBe(200);
      expect((after.body.records as Array<{ action: string }>).map((r) => r.action)).not.toContain('invalid');
    },
  );

  it('refuses prototype access at save time with its position, and stores nothing', async () => {
    const { admin, base } = pair;
    const before = (await read(world, admin, `${base}/customer/x3-to-xero/versions`)).body as unknown[];
    for (const expression of ['$lookup($, "__proto__")', 'constructor.prototype', '$eval("1")']) {
      const refused = await change(world, admin, 'POST', `${base}/customer/x3-to-xero/versions`, {
        document: withExpression(expression),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/fields\[0\]\.source\.expression: .*position \d+/);
    }
    expect((await read(world, admin, `${base}/customer/x3-to-xero/versions`)).body).toEqual(before);
  });
});
