import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTenant, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { SystemAccess } from './system-access.service';
import { TenantTransactions } from './tenant-transactions';

/**
 * The SECURITY DEFINER functions answer only what their caller needs, whatever arguments the
 * runtime role passes: a search cannot list every tenant, an inbox event cannot be routed to a
 * tenant that does not own its organisation, nor re-routed once settled, and a user's tenants are
 * told only to the holder of that user's live session.
 */
describe('the system door, called as the runtime role with hostile arguments', () => {
  let ds: DataSource;
  let owner: DataSource;
  let tx: TenantTransactions;
  let system: SystemAccess;

  beforeAll(async () => {
    ds = await runtimeDataSource(2);
    owner = await ownerDataSource();
    tx = new TenantTransactions(ds);
    system = new SystemAccess(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await owner.destroy();
  });

  describe('lb_search_tenants', () => {
    it('refuses a query shorter than 2 characters instead of listing every tenant', async () => {
      await createTenant(tx, `Searchable ${randomUUID()}`);
      for (const q of ['', ' ', 'a', ' b ', '%']) {
        await expect(ds.query('SELECT * FROM lb_search_tenants($1)', [q])).rejects.toThrow(/at least 2 characters/);
      }
      await expect(ds.query('SELECT * FROM lb_search_tenants(NULL)')).rejects.toThrow(/at least 2 characters/);
    });

    it('still finds a tenant by part of its name or by its exact id', async () => {
      const marker = randomUUID().slice(0, 8);
      const id = await createTenant(tx, `Findable ${marker} Ltd`);
      expect((await system.searchTenants(marker)).map((t) => t.id)).toEqual([id]);
      expect((await system.searchTenants(id.toUpperCase())).map((t) => t.id)).toEqual([id]);
    });
  });

  describe('lb_xero_inbox_mark', () => {
    let a: string;
    let b: string;
    let org: string;

    /** Tenant `tenant` connects Xero organisation `xeroTenantId` (a live connection). */
    async function connect(tenant: string, xeroTenantId: string): Promise<void> {
      await tx.run(tenant, async (m) => {
        const [secret]: Array<{ id: string }> = await m.query(
          `INSERT INTO secrets (tenant_id, purpose, key_id, ciphertext) VALUES ($1, 'xero.tokens', 'k', 'x') RETURNING id`,
          [tenant],
        );
        const [grant]: Array<{ id: string }> = await m.query(
          `INSERT INTO xero_grants (tenant_id, secret_id, access_expires_at, refreshed_at)
           VALUES ($1, $2, now(), now()) RETURNING id`,
          [tenant, secret.id],
        );
        await m.query(
          `INSERT INTO xero_connections (tenant_id, grant_id, xero_connection_id, xero_tenant_id, tenant_name)
           VALUES ($1, $2, $3, $4, 'Demo Company')`,
          [tenant, grant.id, randomUUID(), xeroTenantId],
        );
      });
    }

    async function storeEvent(xeroTenantId: string): Promise<string> {
      const [row]: Array<{ inbox_id: string }> = await ds.query(
        `SELECT inbox_id FROM lb_xero_inbox_store($1, 'INVOICE', $2, 'UPDATE', '2026-01-01T00:00:00.000', NULL, 'ORGANISATION')`,
        [xeroTenantId, randomUUID()],
      );
      return row.inbox_id;
    }

    /** The tenant records the event, as routing does before it marks the inbox row. */
    async function recordEvent(tenant: string, inboxId: string): Promise<void> {
      await tx.run(tenant, async (m) => {
        const [conn]: Array<{ id: string }> = await m.query('SELECT id FROM xero_connections LIMIT 1');
        await m.query(
          `INSERT INTO xero_events (tenant_id, connection_id, inbox_id, event_category, event_type, resource_id, event_date_utc)
           VALUES ($1, $2, $3, 'INVOICE', 'UPDATE', $4, '2026-01-01T00:00:00.000')`,
          [tenant, conn.id, inboxId, randomUUID()],
        );
      });
    }

    async function inboxRow(inboxId: string): Promise<{ status: string; routed_tenant_id: string | null }> {
      const [row] = await owner.query('SELECT status, routed_tenant_id FROM xero_webhook_inbox WHERE id = $1', [
        inboxId,
      ]);
      return row as { status: string; routed_tenant_id: string | null };
    }

    const mark = (inboxId: string, status: string, tenant: string | null) =>
      ds.query('SELECT lb_xero_inbox_mark($1, $2, $3)', [inboxId, status, tenant]);

    beforeAll(async () => {
      a = await createTenant(tx);
      b = await createTenant(tx);
      org = randomUUID();
      await connect(a, org);
      await connect(b, randomUUID());
    });

    it("refuses to route an event to a tenant that does not own the event's organisation", async () => {
      const inboxId = await storeEvent(org);
      await recordEvent(b, inboxId);
      await expect(mark(inboxId, 'routed', b)).rejects.toThrow(/does not own the organisation/);
      expect(await inboxRow(inboxId)).toEqual({ status: 'received', routed_tenant_id: null });
    });

    it('refuses to route an event to its owner before the owner holds it', async () => {
      const inboxId = await storeEvent(org);
      await expect(mark(inboxId, 'routed', a)).rejects.toThrow(/does not own the organisation/);
      expect(await inboxRow(inboxId)).toEqual({ status: 'received', routed_tenant_id: null });
    });

    it('routes an event to its owner once, repeats quietly, and never re-routes it', async () => {
      const inboxId = await storeEvent(org);
      await recordEvent(a, inboxId);
      await mark(inboxId, 'routed', a);
      await mark(inboxId, 'routed', a); // a second router of the same event
      expect(await inboxRow(inboxId)).toEqual({ status: 'routed', routed_tenant_id: a });
      await recordEvent(b, inboxId);
      await expect(mark(inboxId, 'routed', b)).rejects.toThrow(/already routed/);
      await expect(mark(inboxId, 'unrouted', null)).rejects.toThrow(/already routed/);
      expect(await inboxRow(inboxId)).toEqual({ status: 'routed', routed_tenant_id: a });
    });

    it('marks an event of an unknown organisation unrouted, with no tenant', async () => {
      const inboxId = await storeEvent(randomUUID());
      await expect(mark(inboxId, 'unrouted', a)).rejects.toThrow(/no tenant/);
      await mark(inboxId, 'unrouted', null);
      expect(await inboxRow(inboxId)).toEqual({ status: 'unrouted', routed_tenant_id: null });
      await expect(mark(inboxId, 'routed', a)).rejects.toThrow(/already unrouted/);
    });
  });
  describe('memberships', () => {
    /** A user who belongs to one new tenant, and (when `sessionTtlMs` is given) holds a session. */
    async function member(sessionTtlMs?: number): Promise<{ userId: string; tenantId: string; sessionId: string }> {
      const [user]: Array<{ id: string }> = await ds.query(
        `INSERT INTO users (xero_user_id, email, display_name) VALUES ($1, $2, 'Member') RETURNING id`,
        [randomUUID(), `${randomUUID()}@example.test`],
      );
      const tenantId = await createTenant(tx);
      await tx.run(tenantId, (m) =>
        m.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')`, [tenantId, user.id]),
      );
      // As the session store writes it: keyed by the SHA-256 of the id the browser's cookie holds.
      const sessionId = randomBytes(24).toString('base64url');
      if (sessionTtlMs !== undefined)
        await ds.query(
          `INSERT INTO sessions (id_hash, user_id, data, expires_at) VALUES ($1, $2, '{}', now() + $3 * interval '1 millisecond')`,
          [createHash('sha256').update(sessionId).digest('hex'), user.id, sessionTtlMs],
        );
      return { userId: user.id, tenantId, sessionId };
    }

    it("cannot be asked for another user's tenants by user id", async () => {
      const victim = await member(60_000);
      await expect(ds.query('SELECT * FROM lb_user_memberships($1)', [victim.userId])).rejects.toThrow(
        /does not exist/,
      );
    });

    it('answers only for the user the live session holds, given its raw id', async () => {
      const mine = await member(60_000);
      const other = await member(60_000);
      expect(await system.sessionMemberships(mine.sessionId)).toEqual([
        { tenantId: mine.tenantId, tenantName: expect.any(String), role: 'owner' },
      ]);
      // What the runtime role can read of another's session (its hash), an expired session, a made-up id.
      const [{ id_hash: hash }]: Array<{ id_hash: string }> = await ds.query(
        'SELECT id_hash FROM sessions WHERE user_id = $1',
        [other.userId],
      );
      const expired = await member(-1_000);
      expect(await system.sessionMemberships(hash)).toEqual([]);
      expect(await system.sessionMemberships(expired.sessionId)).toEqual([]);
      expect(await system.sessionMemberships(randomUUID())).toEqual([]);
    });
  });
});
