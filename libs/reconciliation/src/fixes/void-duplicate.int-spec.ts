import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { TenantWithIntegration, tenantWithIntegration } from '../../../sync/src/testing/integration-fixture';
import { ReconDifference } from '../runs/recon-difference.entity';
import { ReconRun } from '../runs/recon-run.entity';
import { FixNotAutomaticError } from './apply-fix';
import { voidDuplicate, VoidDuplicateDeps } from './void-duplicate';

const TARGET = '7e0e2a4c-1111-4c6b-9a51-000000000001';

/**
 * The worker's void-duplicate job refuses, before any call to Xero, whatever is not an approved void
 * of an unlinked copy in the job's own tenant (the approved path is walked in recon-xero-edits).
 */
describe('void-duplicate refusals', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let mine: TenantWithIntegration;
  let theirs: TenantWithIntegration;
  const xeroCalls: string[] = [];
  /** Xero must never be reached on a refusal: every call is recorded and fails. */
  const xero = {
    orgs: { forConnection: (...a: unknown[]) => Promise.reject(new Error(`orgs ${xeroCalls.push(String(a[1]))}`)) },
    statusChanges: { invoiceStatus: () => Promise.reject(new Error(`status ${xeroCalls.push('status')}`)) },
  } as unknown as VoidDuplicateDeps['xero'];

  const difference = (who: TenantWithIntegration, state: 'open' | 'applied') =>
    tx.run(who.tenantId, async (m) => {
      const run = await m.save(
        m.create(ReconRun, { tenantId: who.tenantId, integrationId: who.integrationId, asOf: '2026-11-30' }),
      );
      const diff = await m.save(
        m.create(ReconDifference, {
          tenantId: who.tenantId,
          runId: run.id,
          differenceClass: 'duplicate',
          entity: 'invoice',
          matchKey: 'FAC-DUP',
          x3: [],
          xero: [],
          likelyCause: 'keyed twice in Xero',
          fix: { action: 'void-duplicate', description: 'void the copy', target: TARGET },
          state,
        } as Partial<ReconDifference>),
      );
      return diff.id;
    });

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    mine = await tenantWithIntegration(tx);
    theirs = await tenantWithIntegration(tx);
    xeroCalls.length = 0;
  });

  it("another tenant's approved difference is not found from this tenant", async () => {
    const theirDifference = await difference(theirs, 'applied');
    await expect(voidDuplicate({ tx, xero }, mine.tenantId, theirDifference)).rejects.toThrow(FixNotAutomaticError);
    expect(xeroCalls).toEqual([]);
  });

  it('a difference not approved, or an unknown id, voids nothing', async () => {
    const open = await difference(mine, 'open');
    await expect(voidDuplicate({ tx, xero }, mine.tenantId, open)).rejects.toThrow(/no approved void/);
    await expect(voidDuplicate({ tx, xero }, mine.tenantId, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      FixNotAutomaticError,
    );
    expect(xeroCalls).toEqual([]);
  });

  it('never voids the Xero document our sync wrote (linked to X3)', async () => {
    const approved = await difference(mine, 'applied');
    await tx.run(mine.tenantId, (m) =>
      m.query(
        `INSERT INTO sync_cross_references (tenant_id, integration_id, entity, x3_key, xero_id, content_hash, state)
         VALUES ($1, $2, 'invoice', 'FAC-DUP', $3, 'h', 'written')`,
        [mine.tenantId, mine.integrationId, TARGET.toUpperCase()],
      ),
    );
    await expect(voidDuplicate({ tx, xero }, mine.tenantId, approved)).rejects.toThrow(/linked to X3: not voided/);
    expect(xeroCalls).toEqual([]);
  });

  it('an approved void of an unlinked copy goes on to Xero (the refusals above are not the only answer)', async () => {
    const approved = await difference(mine, 'applied');
    await expect(voidDuplicate({ tx, xero }, mine.tenantId, approved)).rejects.toThrow(/orgs/);
    expect(xeroCalls).toHaveLength(1);
  });
});
