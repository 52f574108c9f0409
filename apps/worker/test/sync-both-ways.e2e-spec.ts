// Issue 11, "both-way customers after 1,000 edits on both sides — writes equal edits", with the
// worker as its own process. X3 customers are carried to Xero; then users rename them in X3 (its
// control API) and in Xero (another app's Accounting API calls; Xero's webhooks reach our api as
// Xero sends them), in rounds: live rounds with the engine running, paused rounds (the admin's
// pause) where several edits of a record fall in one window. After each round the engine must
// come to rest with both sides equal (newest wins a conflict) and have written exactly:
//
//   writes equal edits: per round, each record whose last X3 name of the round differs from its
//   name at the round's start gets ONE Xero write, and each whose last Xero name differs gets ONE
//   X3 write; both changed → only the older side is written (newest wins by the stamps the systems
//   gave). Edits of one record in one round are coalesced (count once); A→B→A in one window
//   counts zero; A→B in one round and B→A in the next counts one each.
//
// Counted from what cannot agree by accident with the code under test: Xero writes from our
// persisted write batches (each element sent), X3 writes from a recording proxy in front of X3
// (each mutation X3 accepted). Any write not expected is an echo or a duplicate: the test lists it.
//
// Size: SYNC_E2E_EDITS (default 1,000; a multiple of 200 → edits / 10 customers, 10 edits each).
import {
  contactBatchIds,
  renameInX3,
  renameInXero,
  setPaused,
  switchOnWebhooks,
  untilQuiet,
  x3Side,
  xeroSide,
  xeroWritesSince,
} from './sync-both-ways-world';
import { expectRound, Outcome, RecordRound, Rename, roundsFor } from './sync-both-ways-plan';
import { heldChanges } from './sync-world-overlap';
import { SyncTenant, SyncWorld } from './sync-world';
import { X3WriteLog } from './x3-write-log';

const EDITS = Number(process.env.SYNC_E2E_EDITS ?? 1000);
const CUSTOMERS = EDITS / 10;
/** Real time on both sides: newest-wins compares Xero's clock with X3's. */
const CLOCK_SCALE = 1;
// includes waiting for another sync world to finish (one runs at a time: SyncWorld.start)
const SETUP_MS = 3_000_000;
const ROUND_MS = 900_000;

interface Mismatch {
  round: number;
  code: string;
  want: Outcome;
  got: { toXero: number; toX3: number };
  /** What each X3 write of the record sent. */
  x3Sent: unknown[];
}

describe('sync both ways: customers after edits on both sides — writes equal edits', () => {
  let world: SyncWorld;
  let proxy: X3WriteLog;
  let t: SyncTenant;
  let codes: string[] = [];
  /** code → Xero ContactID (lower case), and back. */
  const contactOf = new Map<string, string>();
  const codeOf = new Map<string, string>();
  let carried = false;

  beforeAll(async () => {
    world = await SyncWorld.start({ clockScale: CLOCK_SCALE });
    proxy = await X3WriteLog.start(world.sandbox.url);
    await switchOnWebhooks(world);
    await world.startWorker();
    t = await world.pairTenant('NZ', { x3BaseUrl: proxy.url });
  }, SETUP_MS);
  afterAll(async () => {
    await world?.close();
    await proxy?.close();
  });

  it(
    `carries ${CUSTOMERS} X3 customers to Xero`,
    async () => {
      // one invoice each: the flow takes the customers its company's documents use (master-scope.ts)
      codes = (await world.seedInvoices(t, CUSTOMERS, CUSTOMERS)).customers;
      expect(codes).toHaveLength(CUSTOMERS);
      await world.enableFlows(t, ['customers']);
      await untilQuiet(
        world,
        t,
        `${CUSTOMERS} customers in Xero`,
        async () => {
          const linked = await world.linkedCount(t, 'customer', codes);
          const cursors = await world.owner.query(
            `SELECT side, polled_at, cursor FROM sync_flow_cursors WHERE tenant_id = $1`,
            [t.tenantId],
          );
          const x3 = { requests: proxy.requests, failure: proxy.lastFailure };
          return { ok: linked === CUSTOMERS, progress: { linked, x3, cursors } };
        },
        SETUP_MS,
      );
      for (const [code, id] of (await world.linked(t)).get('customer') ?? []) {
        contactOf.set(code, id.toLowerCase());
        codeOf.set(id.toLowerCase(), code);
      }
      const x3 = await x3Side(world, t);
      const xero = await xeroSide(world, t);
      const unequal = codes.filter((c) => xero.get(contactOf.get(c)!)?.name !== x3.get(c)?.name);
      expect(unequal).toEqual([]);
      expect(await world.deadLetters(t)).toEqual([]);
      carried = true;
    },
    SETUP_MS,
  );

  it(`${EDITS} edits on both sides: both sides equal, writes equal edits, no echo, no duplicate`, async () => {
    if (!carried) throw new Error('the customers were not carried (see the case before)');
    const started = Date.now();
    const editsFrom = proxy.writes.length;
    const x3Before = await x3Side(world, t);
    const names = new Map(codes.map((c) => [c, x3Before.get(c)!.name]));
    const rounds = roundsFor(EDITS, codes, (code) => names.get(code)!);
    const mismatches: Mismatch[] = [];
    const totals = { edits: 0, toXero: 0, toX3: 0, wantXero: 0, wantX3: 0, conflicts: { x3: 0, xero: 0 } };
    const x3Writes: Array<[string, number]> = [];

    for (const plan of rounds) {
      const batchesBefore = await contactBatchIds(world, t);
      const proxyFrom = proxy.writes.length;
      const rounds = new Map<string, RecordRound>(codes.map((c) => [c, { start: names.get(c)! }]));
      if (plan.paused) await setPaused(world, t, true);
      for (const [k, phase] of plan.phases.entries()) {
        if (plan.paused && k === plan.phases.length - 1 && plan.phases.length === 3)
          await untilX3ClockPasses(maxXeroStamp(rounds, phase));
        await applyPhase(phase, rounds);
        totals.edits += phase.length;
      }
      // X3's stamps as X3 keeps them (to the second), for the conflicts' newest-wins
      const x3Now = await x3Side(world, t);
      for (const [code, r] of rounds) if (r.x3) r.x3.stamp = x3Now.get(code)!.stamp;
      if (plan.paused) await setPaused(world, t, false);

      const want = new Map([...rounds].map(([code, r]) => [code, expectRound(r)]));
      await untilQuiet(
        world,
        t,
        `round ${plan.round} (${plan.paused ? 'paused' : 'live'}) settled`,
        async () => {
          const x3 = await x3Side(world, t);
          const xero = await xeroSide(world, t);
          const off = codes.filter((c) => {
            const name = want.get(c)!.name;
            return x3.get(c)?.name !== name || xero.get(contactOf.get(c)!)?.name !== name;
          });
          return { ok: off.length === 0, progress: { unequal: off.length, first: off[0] } };
        },
        ROUND_MS,
      );
      const toXero = await xeroWritesSince(world, t, batchesBefore, codeOf);
      const toX3 = proxy.countsSince(proxyFrom);
      for (const code of new Set([...codes, ...toXero.keys(), ...toX3.keys()])) {
        const w = want.get(code) ?? { name: '(not ours)', toXero: 0, toX3: 0 };
        const got = { toXero: toXero.get(code) ?? 0, toX3: toX3.get(code) ?? 0 };
        if (got.toXero !== w.toXero || got.toX3 !== w.toX3) {
          const sent = proxy.writes.slice(proxyFrom).filter((x) => x.key === code);
          mismatches.push({ round: plan.round, code, want: w, got, x3Sent: sent.map((x) => x.data) });
        }
        totals.toXero += got.toXero;
        totals.toX3 += got.toX3;
        totals.wantXero += w.toXero;
        totals.wantX3 += w.toX3;
        if (w.conflict) totals.conflicts[w.conflict]++;
      }
      x3Writes.push([`round ${plan.round}`, proxy.writes.length - proxyFrom]);
      for (const [code, w] of want) names.set(code, w.name);
      process.stderr.write(
        `both-ways round ${plan.round} (${plan.paused ? 'paused' : 'live'}): ${plan.phases.flat().length} edits, ` +
          `${[...toXero.values()].reduce((a, b) => a + b, 0)} Xero writes, ${proxy.writes.length - proxyFrom} X3 writes, ` +
          `${Math.round((Date.now() - started) / 1000)} s\n`,
      );
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stderr.write(`both-ways: ${JSON.stringify({ ...totals, seconds, customers: CUSTOMERS })}\n`);

    for (const m of mismatches) process.stderr.write(`both-ways mismatch: ${JSON.stringify(m)}\n`);
    expect(totals.edits).toBe(EDITS);
    // every kind of case happened: both conflict outcomes among them
    expect(totals.conflicts.x3).toBeGreaterThan(0);
    expect(totals.conflicts.xero).toBeGreaterThan(0);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect({ toXero: totals.toXero, toX3: totals.toX3 }).toEqual({ toXero: totals.wantXero, toX3: totals.wantX3 });
    expect(await world.deadLetters(t)).toEqual([]);
    expect(await heldChanges(world, t)).toEqual([]);
    // no duplicate on either side: each customer is one Xero contact, X3 gained no customer
    const byNumber = await world.xeroContactsByNumber(t);
    expect(codes.filter((c) => byNumber.get(c) !== 1)).toEqual([]);
    const x3After = await x3Side(world, t);
    expect([...x3After.keys()].filter((c) => !x3Before.has(c))).toEqual([]);
    // the rounds created nothing in X3 (the carry before them created the organisation's own contacts)
    expect(proxy.writes.slice(editsFrom).filter((w) => w.operation !== 'update')).toEqual([]);

    /** Renames the phase's records on their sides: X3 one call each, Xero 50 per call. */
    async function applyPhase(phase: Rename[], state: Map<string, RecordRound>): Promise<void> {
      const named = phase.map((e) => ({ ...e, name: e.name || state.get(e.code)!.start }));
      for (const e of named.filter((x) => x.side === 'x3')) {
        await renameInX3(world, t, e.code, e.name);
        state.get(e.code)!.x3 = { name: e.name, stamp: Number.NaN };
      }
      const inXero = named.filter((x) => x.side === 'xero');
      const stamps = await renameInXero(
        world,
        t,
        inXero.map((e) => ({ contactId: contactOf.get(e.code)!, name: e.name })),
      );
      for (const e of inXero) {
        const stamp =
          stamps.get(contactOf.get(e.code)!) ??
          [...stamps].find(([id]) => id.toLowerCase() === contactOf.get(e.code))?.[1];
        state.get(e.code)!.xero = { name: e.name, stamp: stamp ?? Number.NaN };
      }
    }
  }, 7_200_000);
});

/** The newest Xero stamp of the records whose next edit (in `phase`) is an X3 one. */
function maxXeroStamp(rounds: Map<string, RecordRound>, phase: Rename[]): number {
  return Math.max(...phase.map((e) => rounds.get(e.code)?.xero?.stamp ?? 0));
}

/** Until X3's stamp of "now" (whole seconds) is later than `ms`: an X3 edit then is the newer one. */
async function untilX3ClockPasses(ms: number): Promise<void> {
  while (Math.floor(Date.now() / 1000) * 1000 <= ms) {
    await new Promise((r) => setTimeout(r, 50)); // a clock condition, checked every 50 ms
  }
}
