import { Inject, Injectable } from '@nestjs/common';
import { SandboxDatabase } from '../../db/sandbox-database';
import { FaultInjector } from '../api/fault-injector';
import { RateLimiter } from '../api/rate-limiter';
import { SandboxClock } from '../core/sandbox-clock';
import { XeroHttpError, badRequest, notFound } from '../core/xero-errors';
import { Doc, SandboxOrgSettings } from '../db/entity-store';
import { text } from '../core/json';
import { saveContact } from '../domain/contacts';
import { CREDIT_NOTE_KIND, INVOICE_KIND } from '../domain/document-kinds';
import { saveDocument } from '../domain/documents';
import { ConnectionsService } from '../identity/connections.service';
import { OrgStore } from '../orgs/org-store';
import { OrganisationsService } from '../orgs/organisations.service';
import { parseDateInput, msDate } from '../core/ms-date';

export type EditTarget = 'contacts' | 'invoices' | 'credit-notes';

/** YYYY-MM-DD sets a lock date, null clears it, absent leaves it. */
export interface LockDatesInput {
  periodLockDate?: unknown;
  endOfYearLockDate?: unknown;
}

export interface LockDatesState {
  PeriodLockDate?: string;
  EndOfYearLockDate?: string;
}

/** What a person (or the weather) does to an organisation: user edits, faults, revocations, time. */
@Injectable()
export class ControlService {
  constructor(
    private readonly orgs: OrganisationsService,
    private readonly store: OrgStore,
    private readonly faults: FaultInjector,
    private readonly limiter: RateLimiter,
    private readonly connections: ConnectionsService,
    private readonly db: SandboxDatabase,
    @Inject(SandboxClock) private readonly clock: SandboxClock,
  ) {}

  async authorise(tenantId: string, authorization: string | undefined): Promise<void> {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token || !(await this.orgs.controlTokenMatches(tenantId, token))) {
      throw new XeroHttpError(
        401,
        { Title: 'Unauthorized', Status: 401, Detail: 'A valid control token for this organisation is required' },
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
  }

  /** A simulated edit in the Xero UI: same rules as the API, and the same webhooks. */
  async userEdit(tenantId: string, target: EditTarget, id: string | undefined, patch: Doc): Promise<Doc> {
    return this.store.run(tenantId, async (s) => {
      if (target === 'contacts') {
        const existing = id ? await s.get('Contact', id) : undefined;
        if (id && !existing) throw notFound();
        return saveContact(s, { ...patch, ...(existing ? { ContactID: existing.ContactID } : {}) }, existing);
      }
      const kind = target === 'invoices' ? INVOICE_KIND : CREDIT_NOTE_KIND;
      const existing = id ? await s.get(kind.entity, id) : undefined;
      if (id && !existing) throw notFound();
      return saveDocument(
        s,
        kind,
        { ...patch, ...(existing ? { [kind.idField]: existing[kind.idField] } : {}) },
        existing,
        4,
      );
    });
  }

  /**
   * An invoice edit Xero does not surface: the change is saved but UpdatedDateUTC keeps its old
   * value and no webhook goes out, so an incremental (If-Modified-Since) reader never sees it.
   * Xero has been seen to do this; reconciliation must find it from the reports.
   */
  async silentInvoiceEdit(tenantId: string, id: string, patch: Doc): Promise<Doc> {
    return this.store.run(tenantId, async (s) => {
      const existing = await s.get('Invoice', id);
      if (!existing) throw notFound();
      const saved = await saveDocument(s, INVOICE_KIND, { ...patch, InvoiceID: existing.InvoiceID }, existing, 4);
      const kept = { ...saved, UpdatedDateUTC: existing.UpdatedDateUTC } as typeof existing;
      await s.put('Invoice', String(existing.InvoiceID), kept);
      s.events.length = 0;
      return kept;
    });
  }

  /** Sets or (null) clears each lock date given; one left out is unchanged. */
  async setLockDates(tenantId: string, input: LockDatesInput): Promise<LockDatesState> {
    const fields = [
      ['PeriodLockDate', input.periodLockDate],
      ['EndOfYearLockDate', input.endOfYearLockDate],
    ] as const;
    const changes: Record<string, string | null> = {};
    for (const [field, value] of fields) {
      if (value === undefined) continue;
      if (value === null) {
        changes[field] = null;
        continue;
      }
      const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseDateInput(value) : NaN;
      if (ms === undefined || Number.isNaN(ms)) throw badRequest(`${field} must be YYYY-MM-DD or null`);
      changes[field] = msDate(ms);
    }
    const cleared = Object.keys(changes).filter((k) => changes[k] === null);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== null));
    const rows = await this.db.query<{ doc: LockDatesState }>(
      'UPDATE xero_orgs SET doc = (doc - $2::text[]) || $3::jsonb WHERE id = $1 RETURNING doc',
      [tenantId, cleared, JSON.stringify(set)],
    );
    if (!rows[0]) throw notFound();
    const { PeriodLockDate, EndOfYearLockDate } = rows[0].doc;
    return { PeriodLockDate, EndOfYearLockDate };
  }

  /** Sets the sandbox switches given (booleans); the answer is every switch now set. */
  async setSettings(tenantId: string, input: Doc): Promise<SandboxOrgSettings> {
    const known = ['invoiceNumbersUnique'];
    const unknown = Object.keys(input).filter((k) => !known.includes(k));
    if (unknown.length) throw badRequest(`unknown settings: ${unknown.join(', ')} (known: ${known.join(', ')})`);
    if (Object.values(input).some((v) => typeof v !== 'boolean')) throw badRequest('settings are booleans');
    const rows = await this.db.query<{ settings: SandboxOrgSettings }>(
      'UPDATE xero_orgs SET sandbox_settings = sandbox_settings || $2::jsonb WHERE id = $1 RETURNING sandbox_settings AS settings',
      [tenantId, JSON.stringify(input)],
    );
    if (!rows[0]) throw notFound();
    return rows[0].settings;
  }

  armFault(tenantId: string, input: Doc): Doc {
    return { ...this.faults.arm(tenantId, input) };
  }

  clearFaults(tenantId: string): void {
    this.faults.clear(tenantId);
  }

  /** The faults still armed: a test knows a call took its fault (a slow write is under way). */
  listFaults(tenantId: string): Doc[] {
    return this.faults.list(tenantId).map((f) => ({ ...f }));
  }

  forceRateLimit(tenantId: string, input: Doc): Doc {
    const problem = input.problem === 'day' ? 'day' : input.problem === 'minute' ? 'minute' : undefined;
    if (!problem) throw badRequest('problem must be minute or day');
    const seconds = Number(input.seconds ?? (problem === 'day' ? 86400 : 60));
    this.limiter.force(text(input.clientId), tenantId, problem, seconds);
    return { problem, seconds };
  }

  /** Revokes the token sets of users connected to this organisation (all apps, or one). */
  async revokeTokens(tenantId: string, clientId?: string): Promise<{ revokedGrants: number }> {
    const grants = await this.connections.grantsForOrganisation(tenantId, clientId);
    for (const grantId of grants) {
      await this.connections.onGrantRevoked(grantId);
      await this.db.query('DELETE FROM xero_oidc WHERE grant_id = $1 OR (model = $2 AND id = $1)', [grantId, 'Grant']);
    }
    return { revokedGrants: grants.length };
  }

  disconnectApp(tenantId: string, clientId: string): Promise<number> {
    return this.connections.disconnectFromOrganisation(tenantId, clientId);
  }

  advanceClock(seconds: number): { now: string; scale: number } {
    if (!(seconds >= 0) || seconds > 400 * 86400) throw badRequest('seconds must be between 0 and 400 days');
    this.clock.advance(seconds);
    return this.clockState();
  }

  clockState(): { now: string; scale: number } {
    return { now: this.clock.nowDate().toISOString(), scale: this.clock.scale };
  }

  async deleteOrganisation(tenantId: string): Promise<void> {
    await this.db.query('DELETE FROM xero_orgs WHERE id = $1', [tenantId]);
  }
}
