import { randomUUID } from 'node:crypto';
// Test world for the drain: the sandbox process (Xero and X3 over HTTP), our real Xero connector
// on PostgreSQL and Redis, one provisioned X3 folder, and per test a fresh Xero organisation
// paired with an X3 company, with starter mappings and x3-to-xero flows saved as the product does.
import { createX3Transport, X3ConnectionStore, X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import { Integration } from '#lb/integrations';
import {
  CanonicalEntity,
  MappingDocument,
  MappingHead,
  MappingVersion,
  StarterEntity,
  starterTemplate,
} from '#lb/mapping';
import { JobProducer, OutboxJobProducer } from '#lb/queues';
import { provisionFolder, TestFolder } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { connectedTenant, harness, Harness } from '../../../../connectors/xero/test/connector-harness';
import {
  control,
  json,
  SandboxOrg,
  SandboxProcess,
  startSandboxProcess,
} from '../../../../connectors/xero/test/sandbox-process';
import type { XeroConnector } from '../../../../connectors/xero/src/xero-connector';
import { FlowVersions } from '../../flows/flow-versions.service';
import { SyncMatching } from '../../matching/matching.entity';
import { FLOW_OF_ENTITY } from '../entity-plans';
import { DrainDeps, DrainReport } from '../drain-options';
import { SyncDrain } from '../sync-drain';

type Json = Record<string, unknown>;

export interface DrainWorld {
  sb: SandboxProcess;
  h: Harness;
  xero: XeroConnector;
  folder: TestFolder;
  jobs: JobProducer;
  drain: SyncDrain;
  /** What `drain` was built from, for a drain with other options. */
  deps: DrainDeps;
}

export async function startDrainWorld(): Promise<DrainWorld> {
  const sb = await startSandboxProcess();
  const h = await harness(sb.url);
  const xero = h.connector({
    limits: { minute: 600, day: 5000, concurrency: 5, appMinute: 10000, clockScale: 1, leaseMs: 10_000 },
  });
  const folder = await provisionFolder(sb.url);
  const jobs = new OutboxJobProducer(h.ds, h.tx, 'drain-test');
  const deps: DrainDeps = {
    tx: h.tx,
    xero,
    jobs,
    redis: h.redis,
    secrets: h.secrets,
    createX3Transport,
    allowPrivateFor: () => true,
  };
  return { sb, h, xero, folder, jobs, drain: new SyncDrain(deps), deps };
}

export async function stopDrainWorld(w: DrainWorld | undefined): Promise<void> {
  await w?.h.close();
  await w?.sb.stop();
}

export interface Pair {
  tenantId: string;
  integrationId: string;
  connectionId: string;
  org: SandboxOrg;
}

/** A fresh Xero organisation (NZ) paired with X3 company NZ10 of the folder, with the given flows. */
export async function pairWithFlows(
  w: DrainWorld,
  entities: StarterEntity[],
  mappingOf: (entity: StarterEntity) => MappingDocument = (e) => starterTemplate('NZ', e),
): Promise<Pair> {
  const { org, tenantId, connectionId } = await connectedTenant(w.h, w.sb.url, w.xero);
  const integrationId = await w.h.tx.run(tenantId, async (m) => {
    const a = w.folder.connectedApplication;
    const x3 = await new X3ConnectionStore(w.h.secrets).create(m, tenantId, {
      name: 'Folder',
      baseUrl: w.sb.url,
      endpoint: w.folder.folder,
      companies: [],
      auth: { kind: 'jwt', clientId: a.clientId, secret: a.secret, user: a.user },
    });
    const saved = await m.save(
      m.create(Integration, {
        tenantId,
        name: 'NZ ledger',
        xeroConnectionId: connectionId,
        x3ConnectionId: x3.id,
        x3Company: 'NZ10',
      }),
    );
    for (const entity of entities) {
      const version = await m.save(
        m.create(MappingVersion, {
          tenantId,
          integrationId: saved.id,
          entity,
          direction: 'x3-to-xero',
          version: 1,
          document: mappingOf(entity) as unknown as Record<string, unknown>,
          authorUserId: null,
        }),
      );
      await m.insert(MappingHead, {
        tenantId,
        integrationId: saved.id,
        entity,
        direction: 'x3-to-xero',
        activeVersionId: version.id,
        activeVersion: 1,
      });
    }
    // the first-connection matching, confirmed: the gate before any write to the organisation
    await m.insert(SyncMatching, {
      tenantId,
      integrationId: saved.id,
      runId: randomUUID(),
      computedAt: new Date(),
      counts: {} as SyncMatching['counts'],
      shared: [],
      takenNames: [],
      confirmedAt: new Date(),
    });
    return saved.id;
  });
  const flows = new FlowVersions(w.h.tx);
  for (const entity of entities) {
    await flows.save(tenantId, integrationId, FLOW_OF_ENTITY[entity as CanonicalEntity]!, flowDocument(entity), {
      authorUserId: null,
    });
  }
  return { tenantId, integrationId, connectionId: connectionId, org };
}

export function flowDocument(entity: StarterEntity, enabled = true): Json {
  return {
    entity,
    direction: 'x3-to-xero',
    trigger: { kind: 'manual' },
    steps: [
      { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
      { kind: 'action', action: 'upsert' },
    ],
    options: {},
    enabled,
  };
}

/** One X3 node of the NZ10 company, read straight from the X3 sandbox. */
export async function x3Records(w: DrainWorld, node: X3EntityName): Promise<X3Record[]> {
  const a = w.folder.connectedApplication;
  const transport = createX3Transport({
    baseUrl: w.sb.url,
    endpoint: w.folder.folder,
    companies: ['NZ10'],
    auth: { kind: 'jwt', ...a },
    allowPrivateTargets: true,
  });
  const records: X3Record[] = [];
  try {
    for await (const r of transport.list(node)) records.push(r);
  } finally {
    transport.close();
  }
  return records;
}

/**
 * Runs drains of the flows until none finds work (as the worker would, following continuations
 * and prerequisite pulls); returns every report. Bounded, so a drain that never settles fails.
 */
export async function drainUntilQuiet(
  w: DrainWorld,
  pair: Pair,
  flowKeys: string[],
  rounds = 30,
  drain: SyncDrain = w.drain,
): Promise<DrainReport[]> {
  const reports: DrainReport[] = [];
  for (let round = 0; round < rounds; round++) {
    let worked = false;
    for (const flowKey of flowKeys) {
      const r = await drain.run({ tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey });
      reports.push(r);
      if (r.claimed > 0) worked = true;
    }
    if (!worked) return reports;
  }
  throw new Error(`the drains did not settle in ${rounds} rounds: ${JSON.stringify(reports.slice(-6))}`);
}

/** What Xero holds, read through the sandbox's API with the pair's own connection. */
export async function xeroList(w: DrainWorld, pair: Pair, path: string, wrapper: string): Promise<Json[]> {
  const org = await w.xero.orgs.forConnection(pair.tenantId, pair.connectionId);
  const token = await w.xero.tokens.accessToken(pair.tenantId, org.connection.grantId);
  const r = await json(`${w.sb.url}/api.xro/2.0/${path}`, {
    headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': org.xeroTenantId, accept: 'application/json' },
  });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return ((r.body as Json)[wrapper] as Json[]) ?? [];
}

/** Xero calls made for the pair's connection today (the meter's Redis counters). */
export async function callsOf(w: DrainWorld, pair: Pair): Promise<number> {
  return (await w.xero.meter.day(pair.connectionId, new Date().toISOString().slice(0, 10))).calls ?? 0;
}

export { control };
