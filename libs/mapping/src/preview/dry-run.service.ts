import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import {
  X3Connection,
  X3ConnectionSettings,
  X3ConnectionStore,
  X3EntityName,
  X3Record,
  X3Transport,
} from '#lb/connectors/sage-x3';
import { spec, XeroConnector } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import type { AdapterContext } from '../adapters/adapter-contract';
import type { CanonicalEntity } from '../canonical';
import { IntegrationNotFoundError, MappingKey, MappingVersions } from '../persistence/mapping-versions.service';
import { checkMappingDocument } from '../persistence/document-check';
import { InvalidMappingError } from '../persistence/mapping-validation';
import { DryRunCounts, DryRunRecord, DryRunResult, RecordMapper, ResyncPreview, ResyncSkip } from './preview-types';
import { asSourceError, PreviewNotSupportedError } from './source-errors';
import { changesAgainst, findExisting } from './xero-match';
import { blockerOf, LedgerFacts, ledgerFactsOf } from './xero-ledger';
import { checkReferences, organisationFactsFor } from './xero-references';
import { reverseDryRun } from './reverse-dry-run';
import { x3BlockerOf } from './x3-resync-blockers';

type Row = Record<string, unknown>;

/** A dry run looks at no more than this many X3 records to find its sample (pages of a shared node). */
const SCAN_CAP = 500;

/** What a mapping version needs to run on source records, given the ledgers' facts. */
export interface PreparedMapping {
  /** The X3 connector entity the source records are read from. */
  x3Entity: X3EntityName;
  /** The Xero connector entity (contacts, items, invoices …) the payloads are written to. */
  xeroEntity: string;
  mapper: RecordMapper;
  /** Whether a record of that X3 node is of the mapping's entity (invoices and credit memos share one). */
  belongs?: (source: X3Record) => boolean;
}

export type MappingPreparer = (
  document: Record<string, unknown>,
  entity: CanonicalEntity,
  ctx: AdapterContext,
  lockDates: { periodLockDate?: string; endOfYearLockDate?: string },
) => PreparedMapping;

export interface DryRunDeps {
  tx: TenantTransactions;
  versions: MappingVersions;
  secrets: SecretStore;
  xero: XeroConnector;
  createTransport: (settings: X3ConnectionSettings) => X3Transport;
  /** Whether the X3 base URL may be private (our own sandbox, or ALLOW_PRIVATE_TARGETS). */
  allowPrivateFor: (baseUrl: string) => boolean;
  prepare: MappingPreparer;
  /**
   * xero-to-x3: the X3 keys our cross-references (sync_cross_references) hold for Xero ids of an
   * integration (bills, invoices, credit notes, and contacts as customers or suppliers), in one
   * bulk read per dry run. Documents are keyed by their id; contacts by 'customer:' or 'supplier:'
   * and their id (one contact may be both, under two X3 codes).
   */
  x3KeysOfXeroDocuments?: (tenantId: string, integrationId: string, xeroIds: string[]) => Promise<Map<string, string>>;
}

/** How many records, and which document: a stored version (the active one when omitted) or an unsaved draft. */
export interface DryRunOptions {
  limit?: number;
  version?: number;
  /** An unsaved document (the mapping studio's draft), checked as a save would check it. */
  document?: Record<string, unknown>;
  /**
   * x3-to-xero: which of the records read go on to be mapped and matched in Xero (a flow's dry run
   * walks its graph first; only records reaching a writing action are mapped). All when omitted.
   */
  select?: (sources: X3Record[]) => Promise<X3Record[]>;
}

interface Evaluated {
  records: DryRunRecord[];
  existing: Map<number, Row>;
  ledger: LedgerFacts;
  version: number;
  read: number;
}

/**
 * The dry run: reads N real records from the integration's X3 company, maps each with a version,
 * finds the Xero record it would land on by natural key and says create, update (with the field
 * diff) or skip — and every record that is invalid or waiting for mapping. Reads only: nothing is
 * written to X3, to Xero or to our own tables, and no transaction is open during a call out.
 */
export class DryRunService {
  private readonly store: X3ConnectionStore;

  constructor(private readonly d: DryRunDeps) {
    this.store = new X3ConnectionStore(d.secrets);
  }

  async dryRun(tenantId: string, key: MappingKey, opts: DryRunOptions): Promise<DryRunResult> {
    const run =
      key.direction === 'xero-to-x3'
        ? await this.reverse(tenantId, key, opts)
        : await this.evaluate(tenantId, key, opts);
    return {
      entity: key.entity,
      version: run.version,
      ...(opts.document ? { draft: true } : {}),
      read: run.read,
      counts: countOf(run.records),
      records: run.records,
    };
  }

  /**
   * What applying a version to past records would do: the Xero records it would change, and the
   * paid, voided or lock-dated documents a resync would leave alone (never re-dated or forced).
   */
  async resyncPreview(tenantId: string, key: MappingKey, opts: DryRunOptions): Promise<ResyncPreview> {
    if (key.direction === 'xero-to-x3') return this.reverseResync(tenantId, key, opts);
    // Mapped without the lock-date rule: a locked document must show up here as one to leave alone,
    // not as a record the mapping refuses.
    const run = await this.evaluate(tenantId, key, opts, false);
    return resyncOf(key.entity, run, (current) => blockerOf(current, run.ledger));
  }

  /**
   * xero-to-x3: what applying a version to past Xero records would change in X3, and the X3
   * records it would leave alone (posted or paid documents, payments, closed partners).
   */
  private async reverseResync(tenantId: string, key: MappingKey, opts: DryRunOptions) {
    const run = await this.reverse(tenantId, key, opts);
    return resyncOf(key.entity, run, (current) => x3BlockerOf(key.entity, current));
  }

  /** xero-to-x3: Xero contacts mapped to X3 customers or suppliers, matched in X3 by code. */
  private async reverse(tenantId: string, key: MappingKey, opts: DryRunOptions) {
    const { limit, version, integration, settings } = await this.load(tenantId, key, opts);
    const org = await this.xeroCall(() => this.d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId));
    const ledger = await this.xeroCall(() => ledgerFactsOf(this.d.xero, org));
    const { records, read, existing } = await reverseDryRun({
      org,
      document: version.document,
      entity: key.entity,
      ctx: { baseCurrency: ledger.baseCurrency, x3Company: integration.x3Company, xeroTimeZone: ledger.timeZone },
      limit,
      openX3: () =>
        this.d.createTransport({
          ...settings,
          companies: [integration.x3Company],
          allowPrivateTargets: this.d.allowPrivateFor(settings.baseUrl),
        }),
      x3KeysOf: this.d.x3KeysOfXeroDocuments
        ? (ids) => this.d.x3KeysOfXeroDocuments!(tenantId, integration.id, ids)
        : undefined,
    });
    return { records, read, existing: existing as Map<number, Row>, version: version.version };
  }

  private async load(tenantId: string, key: MappingKey, opts: DryRunOptions) {
    const limit = Math.min(Math.max(opts.limit ?? 10, 1), 50);
    const version = await this.d.versions.get(tenantId, key, opts.version);
    if (opts.document) {
      // a draft runs exactly as a save would store it: refused with the same issues when it is not valid
      const issues = checkMappingDocument(opts.document, { entity: key.entity, direction: key.direction });
      if (issues.length) throw new InvalidMappingError(issues);
      version.document = opts.document;
    }
    const { integration, settings } = await this.d.tx.run(tenantId, async (m) => {
      const found = await m.findOne(Integration, { where: { id: key.integrationId } });
      if (!found) throw new IntegrationNotFoundError();
      const conn = await m.findOneOrFail(X3Connection, { where: { id: found.x3ConnectionId } });
      return { integration: found, settings: await this.store.settings(m, conn, false) };
    });
    return { limit, version, integration, settings };
  }

  private async evaluate(
    tenantId: string,
    key: MappingKey,
    opts: DryRunOptions,
    checkLockDates = true,
  ): Promise<Evaluated> {
    if (key.direction !== 'x3-to-xero') {
      throw new PreviewNotSupportedError(
        'x3-to-xero only here: a xero-to-x3 mapping is previewed against X3 (reverseDryRun)',
      );
    }
    const { limit, version, integration, settings } = await this.load(tenantId, key, opts);

    const org = await this.xeroCall(() => this.d.xero.orgs.forConnection(tenantId, integration.xeroConnectionId));
    const ledger = await this.xeroCall(() => ledgerFactsOf(this.d.xero, org));
    const prepared = this.d.prepare(
      version.document,
      key.entity,
      {
        baseCurrency: ledger.baseCurrency,
        x3Company: integration.x3Company,
        xeroTimeZone: ledger.timeZone,
      },
      checkLockDates ? ledger.lockDates : {},
    );
    const read = await this.readX3(
      {
        ...settings,
        companies: [integration.x3Company],
        allowPrivateTargets: this.d.allowPrivateFor(settings.baseUrl),
      },
      prepared,
      limit,
    );
    const sources = typeof opts.select === 'function' ? await opts.select(read) : read;

    const records: DryRunRecord[] = [];
    const mapped: Array<{ index: number; payload: Row }> = [];
    for (const source of sources) {
      const outcome = await prepared.mapper.map(source);
      const sourceKey = source._id;
      if (outcome.kind === 'mapped') {
        mapped.push({ index: records.length, payload: outcome.payload });
        records.push({ sourceKey, action: 'create', payload: outcome.payload, canonical: outcome.canonical });
      } else if (outcome.kind === 'invalid') records.push({ sourceKey, action: 'invalid', issues: outcome.issues });
      else if (outcome.kind === 'waiting') records.push({ sourceKey, action: 'waiting', missing: outcome.missing });
      else records.push({ sourceKey, action: 'skip', reason: outcome.reason });
    }

    // What Xero would refuse (an account, tax type or tracking option it lacks) is invalid; an item
    // or contact the sync would create first makes the record wait on it.
    const facts = await this.xeroCall(() =>
      organisationFactsFor(
        org,
        mapped.map((p) => p.payload),
      ),
    );
    const payloads = mapped.filter(({ index, payload }) => {
      const { issues, missing } = checkReferences(payload, facts);
      const { sourceKey } = records[index];
      const { canonical } = records[index];
      if (issues.length) records[index] = { sourceKey, action: 'invalid', payload, canonical, issues };
      else if (missing.length) records[index] = { sourceKey, action: 'waiting', payload, canonical, missing };
      return !issues.length && !missing.length;
    });

    const found = await this.xeroCall(() =>
      findExisting(
        org,
        prepared.xeroEntity,
        payloads.map((p) => p.payload),
      ),
    );
    const existing = new Map<number, Row>();
    found.forEach((current, i) => {
      const { index, payload } = payloads[i];
      existing.set(index, current);
      const changes = changesAgainst(current, payload);
      const id = current[spec(prepared.xeroEntity).idField];
      const targetId = typeof id === 'string' ? id : undefined;
      records[index] = changes.length
        ? { ...records[index], action: 'update', targetId, changes }
        : {
            sourceKey: records[index].sourceKey,
            action: 'skip',
            reason: 'unchanged',
            targetId,
            canonical: records[index].canonical,
          };
    });
    return { records, existing, ledger, version: version.version, read: read.length };
  }

  /** The first `limit` records of the mapping's entity, looking at no more than SCAN_CAP records of the node. */
  private async readX3(settings: X3ConnectionSettings, prepared: PreparedMapping, limit: number): Promise<X3Record[]> {
    let transport: X3Transport | undefined;
    const records: X3Record[] = [];
    let scanned = 0;
    try {
      transport = this.d.createTransport(settings);
      const pageSize = prepared.belongs ? Math.min(SCAN_CAP, limit * 4) : limit;
      for await (const record of transport.list(prepared.x3Entity, { pageSize })) {
        if (!prepared.belongs || prepared.belongs(record)) records.push(record);
        if (records.length >= limit || ++scanned >= SCAN_CAP) break;
      }
      return records;
    } catch (error) {
      throw asSourceError('x3', error);
    } finally {
      transport?.close();
    }
  }

  private async xeroCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw asSourceError('xero', error);
    }
  }
}

/** Updates split into those a resync would make and the targets it must leave alone. */
function resyncOf(
  entity: CanonicalEntity,
  run: Pick<Evaluated, 'records' | 'existing' | 'version' | 'read'>,
  blocker: (current: Row) => Omit<ResyncSkip, 'sourceKey' | 'targetId'> | undefined,
): ResyncPreview {
  const wouldUpdate: DryRunRecord[] = [];
  const wouldSkip: ResyncSkip[] = [];
  const unaffected: DryRunRecord[] = [];
  run.records.forEach((record, index) => {
    const current = run.existing.get(index);
    const blocked = current && record.action === 'update' ? blocker(current) : undefined;
    if (blocked) wouldSkip.push({ sourceKey: record.sourceKey, targetId: record.targetId ?? '', ...blocked });
    else if (record.action === 'update') wouldUpdate.push(record);
    else unaffected.push(record);
  });
  return { entity, version: run.version, read: run.read, wouldUpdate, wouldSkip, unaffected: countOf(unaffected) };
}

function countOf(records: DryRunRecord[]): DryRunCounts {
  const counts: DryRunCounts = { create: 0, update: 0, skip: 0, invalid: 0, waiting: 0 };
  for (const r of records) counts[r.action]++;
  return counts;
}
