import { EntityManager, In, LessThan } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { SecretStore } from '#lb/crypto';
import { XeroConnection } from '../entities/xero-connection.entity';
import { XeroGrant } from '../entities/xero-grant.entity';
import { XeroCallError } from '../errors/xero-call-error';
import { IdentityClient } from './identity-client';
import { RefreshLock } from './refresh-lock';
import {
  accessLifetimeMs,
  dbNowMs,
  expiryOnDbClock,
  TOKEN_SET_PURPOSE,
  TokenResponse,
  TokenSet,
  toTokenSet,
} from './token-set';

export interface GrantTokensOptions {
  clockScale: number;
  /** Refresh when the access token has less than this left (real ms). */
  marginMs: number;
  /** Lock lifetime: longer than one refresh call (deadline + store), short enough to recover. */
  lockTtlMs: number;
  /** How long a caller waits for another process's refresh before giving up. */
  waitMs: number;
}

class FencedOut extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Access tokens per grant. Refresh is single-flight across processes (Redis lock + fence), the
 * rotated set is committed before anyone uses it, and a process that dies between Xero's answer
 * and our commit leaves the previous refresh token in the database — still valid for Xero's
 * 30-minute grace, so the next refresher succeeds. invalid_grant marks the grant and its
 * connections "needs re-authorisation" once; later calls fail fast without asking Xero.
 */
export class GrantTokens {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly secrets: SecretStore,
    private readonly identity: IdentityClient,
    private readonly lock: RefreshLock,
    private readonly o: GrantTokensOptions,
  ) {}

  async accessToken(tenantId: string, grantId: string): Promise<string> {
    const current = await this.load(tenantId, grantId);
    if (!this.stale(current.set, current.dbNow)) return current.set.accessToken;
    return (await this.refresh(tenantId, grantId, false)).accessToken;
  }

  /**
   * Xero answered 401 to `refused`, a token we took for fresh (its expiry misjudged, or Xero's clock
   * ahead of PostgreSQL's): a newer token, another process's if it already refreshed, else ours now.
   */
  async renewRefused(tenantId: string, grantId: string, refused: string): Promise<string> {
    const current = await this.load(tenantId, grantId);
    if (current.set.accessToken !== refused) return current.set.accessToken;
    return (await this.refresh(tenantId, grantId, true)).accessToken;
  }

  /** `force`: refresh even when the access token is still fresh (keep-alive of idle grants). */
  async refresh(tenantId: string, grantId: string, force: boolean): Promise<TokenSet> {
    const name = `grant:${grantId}:refresh`;
    const startedAt = Date.now();
    const before = await this.load(tenantId, grantId);
    while (Date.now() - startedAt < this.o.waitMs) {
      const held = await this.lock.tryAcquire(name, this.o.lockTtlMs);
      if (!held) {
        await sleep(50);
        // Someone else refreshed meanwhile: their committed set is ours to use.
        const now = await this.load(tenantId, grantId);
        if (now.set.refreshToken !== before.set.refreshToken && !this.stale(now.set, now.dbNow)) return now.set;
        continue;
      }
      try {
        const fresh = await this.load(tenantId, grantId);
        if (fresh.set.refreshToken !== before.set.refreshToken || (!force && !this.stale(fresh.set, fresh.dbNow)))
          return fresh.set;
        const askedAt = performance.now();
        const response = await this.callIdentity(tenantId, grantId, fresh.set.refreshToken);
        return await this.store(tenantId, fresh.grant, response, fresh.set, askedAt, held.fence);
      } catch (e) {
        if (e instanceof FencedOut) continue; // a newer holder stored first: re-read
        throw e;
      } finally {
        await this.lock.release(name, held);
      }
    }
    throw new XeroCallError('transient', `token refresh of grant ${grantId} did not finish in ${this.o.waitMs} ms`);
  }

  /** Stores a token set (new grant or refreshed) inside the caller's transaction. */
  async createSecret(m: EntityManager, tenantId: string, set: TokenSet): Promise<string> {
    return this.secrets.create(m, tenantId, TOKEN_SET_PURPOSE, JSON.stringify(set));
  }

  async readSet(m: EntityManager, grant: XeroGrant): Promise<TokenSet> {
    return JSON.parse(await this.secrets.read(m, grant.tenantId, grant.secretId, TOKEN_SET_PURPOSE)) as TokenSet;
  }

  /** Measured on PostgreSQL's clock (`dbNow`), whose instant `expiresAt` is: ours may be minutes off. */
  private stale(set: TokenSet, dbNow: number): boolean {
    return Date.parse(set.expiresAt) - dbNow <= this.o.marginMs;
  }

  private async callIdentity(tenantId: string, grantId: string, refreshToken: string) {
    try {
      return await this.identity.refresh(refreshToken);
    } catch (e) {
      if (e instanceof XeroCallError && e.kind === 'auth')
        await this.markDead(tenantId, grantId, e.authReason ?? 'refused');
      throw e;
    }
  }

  private async load(tenantId: string, grantId: string): Promise<{ grant: XeroGrant; set: TokenSet; dbNow: number }> {
    return this.tx.run(tenantId, async (m) => {
      const grant = await m.findOne(XeroGrant, { where: { id: grantId } });
      if (!grant) throw new XeroCallError('permanent', `grant ${grantId} not found`);
      if (grant.status !== 'active') {
        throw new XeroCallError('auth', `grant ${grantId} is ${grant.status}: the user must reconnect Xero`, {
          authReason: grant.status,
        });
      }
      return { grant, set: await this.readSet(m, grant), dbNow: await dbNowMs(m) };
    });
  }

  private async store(
    tenantId: string,
    grant: XeroGrant,
    response: TokenResponse,
    previous: TokenSet,
    askedAt: number,
    fence: number,
  ): Promise<TokenSet> {
    return this.tx.run(tenantId, async (m) => {
      const expiresAt = await expiryOnDbClock(m, askedAt, accessLifetimeMs(response, this.o.clockScale));
      const set = toTokenSet(response, expiresAt, previous);
      const result = await m.update(
        XeroGrant,
        { id: grant.id, refreshFence: LessThan(String(fence)) },
        {
          refreshFence: String(fence),
          accessExpiresAt: new Date(set.expiresAt),
          refreshedAt: () => 'now()',
          lastError: null,
        },
      );
      if (!result.affected) throw new FencedOut();
      await this.secrets.replace(m, tenantId, grant.secretId, TOKEN_SET_PURPOSE, JSON.stringify(set));
      return set;
    });
  }

  /** The grant is dead (revoked, expired after 60 idle days, or refused): tell, don't retry. */
  async markDead(tenantId: string, grantId: string, reason: string): Promise<void> {
    await this.tx.run(tenantId, async (m) => {
      await m.update(XeroGrant, { id: grantId, status: 'active' }, { status: 'needs_reauth', lastError: reason });
      await m.update(
        XeroConnection,
        { grantId, status: In(['active']) },
        { status: 'needs_reauth', statusReason: `token refresh refused: ${reason}`, statusChangedAt: new Date() },
      );
    });
  }
}
