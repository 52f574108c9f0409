// Confirmation on PostgreSQL: pairs become matched cross-references, renames are stored and the
// gate opens in one transaction; a refusal part-way leaves nothing behind; RLS keeps tenants apart.
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { CrossReferences } from '../cross-references/cross-references.service';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { SyncContactName } from './contact-name.entity';
import { SyncMatchProposal } from './match-proposal.entity';
import { confirmMatching } from './matching-confirm';
import { MatchingConflictError } from './matching-errors';
import { confirmedContactNames } from './matching-gate';
import { MatchingService } from './matching.service';
import { MatchedPair, recordMatchedPairs } from './record-matched';
import { SyncMatching } from './matching.entity';

const PAIRS = 2_000;

describe('matching confirmation on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;
  let runId: string;
  const references = new CrossReferences();
  const gate = (m: EntityManager) =>
    new MatchingService({} as ConstructorParameters<typeof MatchingService>[0]).isConfirmed(m, t.integrationId);

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());

  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
    runId = randomUUID();
    await tx.run(t.tenantId, async (m) => {
      const base = { tenantId: t.tenantId, integrationId: t.integrationId };
      await m.insert(SyncMatching, {
        ...base,
        runId,
        computedAt: new Date(),
        counts: {} as SyncMatching['counts'],
        shared: [],
        takenNames: ['perth industries'],
        confirmedAt: null,
        confirmedByUserId: null,
      });
      const lines = Array.from({ length: PAIRS }, (_, i) => ({
        ...base,
        kind: 'match' as const,
        entity: 'customer' as const,
        x3Key: `C${i}`,
        xeroId: `x${i}`,
        xeroNaturalKey: `C${i}`,
        rule: 'contact-number' as const,
        confidence: 100,
        contentHash: `hash-${i}`,
        detail: { x3Label: `Firm ${i}`, xeroLabel: `Firm ${i}` },
      }));
      for (let at = 0; at < lines.length; at += 500) await m.insert(SyncMatchProposal, lines.slice(at, at + 500));
      await m.insert(SyncMatchProposal, {
        ...base,
        kind: 'clash',
        entity: 'customer',
        x3Key: 'AU004',
        xeroId: 'x-held',
        detail: { name: 'Perth Industries', heldBy: { xeroId: 'x-held' }, proposedName: 'Perth Industries (X3 AU004)' },
      });
    });
  });

  const renames = [{ entity: 'customer' as const, x3Key: 'AU004', name: 'Perth Industries (X3 AU004)' }];

  it(`records ${PAIRS} accepted pairs as matched cross-references, stores the rename and opens the gate`, async () => {
    expect(await tx.run(t.tenantId, gate)).toBe(false);
    const started = performance.now();
    const summary = await tx.run(t.tenantId, (m) =>
      confirmMatching(m, t.tenantId, t.integrationId, { runId, acceptAll: true, renames }, randomUUID(), references),
    );
    const elapsed = performance.now() - started;
    expect(summary).toEqual({ linked: PAIRS, renamed: 1 });
    const refs = await tx.run(t.tenantId, (m) =>
      m.find(SyncCrossReference, { where: { integrationId: t.integrationId } }),
    );
    expect(refs).toHaveLength(PAIRS);
    expect(refs.every((r) => r.state === 'matched' && r.xeroId === `x${r.x3Key.slice(1)}`)).toBe(true);
    expect(refs.find((r) => r.x3Key === 'C7')).toMatchObject({ contentHash: 'hash-7', mappingVersion: null });
    const names = await tx.run(t.tenantId, (m) =>
      confirmedContactNames(m, t.integrationId, 'customer', ['AU004', 'C1', 'AU004']),
    );
    expect([...names]).toEqual([['AU004', 'Perth Industries (X3 AU004)']]);
    expect(await tx.run(t.tenantId, gate)).toBe(true);
    // Not a bound: a figure for the docs (each pair is one upsert and one read back).
    console.log(`confirmed ${PAIRS} pairs in ${elapsed.toFixed(0)} ms`);
  });

  it('leaves nothing behind when a pair cannot be recorded part-way (a Xero record already linked)', async () => {
    await tx.run(t.tenantId, (m) =>
      references.record(m, t.tenantId, {
        integrationId: t.integrationId,
        entity: 'customer',
        x3Key: 'OTHER',
        xeroId: `x${PAIRS - 1}`,
        contentHash: 'h',
        kind: 'read',
      }),
    );
    const refused = tx.run(t.tenantId, (m) =>
      confirmMatching(m, t.tenantId, t.integrationId, { runId, acceptAll: true, renames }, randomUUID(), references),
    );
    await expect(refused).rejects.toBeInstanceOf(MatchingConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'already_linked' });
    const after = await tx.run(t.tenantId, async (m) => ({
      refs: await m.count(SyncCrossReference, {}),
      names: await m.count(SyncContactName, {}),
      confirmed: await gate(m),
    }));
    expect(after).toEqual({ refs: 1, names: 0, confirmed: false });
  });

  it('records pairs in bulk exactly as CrossReferences.record does a read: new, live and archived rows', async () => {
    const other = await tenantWithIntegration(tx);
    const columns = (tenantId: string) =>
      tx.run(tenantId, async (m) =>
        (await m.find(SyncCrossReference, { order: { x3Key: 'ASC' } })).map((r) => ({
          entity: r.entity,
          x3Key: r.x3Key,
          xeroId: r.xeroId,
          xeroNaturalKey: r.xeroNaturalKey,
          contentHash: r.contentHash,
          mappingVersion: r.mappingVersion,
          written: r.lastWrittenAt !== null,
          state: r.state,
        })),
      );
    // The same history in both tenants: a written row, a row archived by a re-pointing, nothing for C3.
    for (const who of [t, other]) {
      await tx.run(who.tenantId, async (m) => {
        const scope = { integrationId: who.integrationId, entity: 'customer' as const };
        await references.record(m, who.tenantId, {
          ...scope,
          x3Key: 'C1',
          xeroId: 'x1',
          contentHash: 'w1',
          kind: 'write',
          mappingVersion: 3,
        });
        await references.record(m, who.tenantId, {
          ...scope,
          x3Key: 'C2',
          xeroId: 'old',
          contentHash: 'w2',
          kind: 'write',
          mappingVersion: 2,
        });
        await m.update(SyncCrossReference, { integrationId: who.integrationId, x3Key: 'C2' }, { state: 'archived' });
      });
    }
    const pairs: MatchedPair[] = ['C1', 'C2', 'C3'].map((k, i) => ({
      entity: 'customer',
      x3Key: k,
      xeroId: `x${i + 1}`,
      xeroNaturalKey: k,
      contentHash: `r${i + 1}`,
    }));
    await tx.run(t.tenantId, (m) => recordMatchedPairs(m, t.tenantId, t.integrationId, pairs));
    await tx.run(other.tenantId, async (m) => {
      for (const p of pairs)
        await references.record(m, other.tenantId, { integrationId: other.integrationId, ...p, kind: 'read' });
    });
    const bulk = await columns(t.tenantId);
    expect(bulk).toEqual(await columns(other.tenantId));
    expect(bulk.map((r) => [r.x3Key, r.state, r.mappingVersion, r.written])).toEqual([
      ['C1', 'written', 3, true],
      ['C2', 'matched', null, false],
      ['C3', 'matched', null, false],
    ]);
  });

  it("keeps each tenant's matching to itself (RLS)", async () => {
    const other = await tenantWithIntegration(tx);
    const seen = await tx.run(other.tenantId, async (m) => ({
      matchings: await m.count(SyncMatching, {}),
      lines: await m.count(SyncMatchProposal, {}),
      byId: await m.count(SyncMatchProposal, { where: { integrationId: t.integrationId } }),
    }));
    expect(seen).toEqual({ matchings: 0, lines: 0, byId: 0 });
    // Writing a row into another tenant is refused by the policy's WITH CHECK.
    await expect(
      tx.run(other.tenantId, (m) =>
        m.insert(SyncContactName, {
          tenantId: t.tenantId,
          integrationId: t.integrationId,
          entity: 'customer',
          x3Key: 'X',
          name: 'Intruder',
          confirmedByUserId: null,
        }),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
