import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import {
  createX3Transport,
  X3Auth,
  X3Connection,
  X3ConnectionReport,
  X3ConnectionSettings,
  X3ConnectionStore,
} from '#lb/connectors/sage-x3';
import { X3AuthDto, X3ConnectionDto } from './x3-connection.dto';

export interface X3ConnectionView {
  id: string;
  name: string;
  baseUrl: string;
  folder: string;
  companies: string[];
  authMode: 'jwt' | 'basic';
  clientId: string | null;
  user: string;
  status: string;
  lastTestedAt: string | null;
  lastError: string | null;
  isSandbox: boolean;
}

export const x3View = (c: X3Connection): X3ConnectionView => ({
  id: c.id,
  name: c.name,
  baseUrl: c.baseUrl,
  folder: c.endpoint,
  companies: c.companies,
  authMode: c.authMode,
  clientId: c.clientId,
  user: c.x3User,
  status: c.status,
  lastTestedAt: c.lastTestedAt?.toISOString() ?? null,
  lastError: c.lastError,
  isSandbox: c.isSandbox,
});

export function toX3Auth(dto: X3AuthDto): X3Auth {
  if (dto.mode === 'jwt') {
    if (!dto.clientId || !dto.secret) throw new BadRequestException('JWT authentication needs clientId and secret');
    return { kind: 'jwt', clientId: dto.clientId, secret: dto.secret, user: dto.user };
  }
  if (!dto.password) throw new BadRequestException('Basic authentication needs a password');
  return { kind: 'basic', user: dto.user, password: dto.password };
}

/**
 * Sage X3 connections: test what a folder exposes, save the settings with the secret sealed,
 * rotate credentials in place. No transaction stays open while X3 is called.
 */
@Injectable()
export class X3ConnectionsService {
  private readonly store: X3ConnectionStore;

  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditTrail,
    secrets: SecretStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.store = new X3ConnectionStore(secrets);
  }

  private get allowPrivate(): boolean {
    return this.config.ALLOW_PRIVATE_TARGETS === 'true';
  }

  /** Our own sandbox is trusted wherever it runs; any other URL passes the SSRF guard. */
  private allowPrivateFor(baseUrl: string): boolean {
    const sandbox = this.config.SANDBOX_URL?.replace(/\/$/, '');
    return this.allowPrivate || (!!sandbox && baseUrl.replace(/\/$/, '') === sandbox);
  }

  /** Runs "test connection" on settings not yet saved. */
  testSettings(dto: X3ConnectionDto): Promise<X3ConnectionReport> {
    return this.probe({
      baseUrl: dto.baseUrl,
      endpoint: dto.folder,
      companies: dto.companies,
      auth: toX3Auth(dto.auth),
      tls: dto.caPem ? { caPem: dto.caPem } : undefined,
      maxConcurrency: dto.maxConcurrency,
      allowPrivateTargets: this.allowPrivateFor(dto.baseUrl),
    });
  }

  async create(
    tenantId: string,
    dto: X3ConnectionDto,
    actor: AuditActor,
    origin: RequestOrigin,
    isSandbox = false,
  ): Promise<X3ConnectionView> {
    const report = await this.testSettings(dto);
    const saved = await this.tx.run(tenantId, async (m) => {
      const conn = await this.store.create(m, tenantId, {
        name: dto.name,
        baseUrl: dto.baseUrl,
        endpoint: dto.folder,
        companies: dto.companies,
        auth: toX3Auth(dto.auth),
        caPem: dto.caPem,
        maxConcurrency: dto.maxConcurrency,
        isSandbox,
      });
      Object.assign(conn, this.outcome(report));
      await m.save(conn);
      await this.audit.record(m, tenantId, {
        actor,
        action: 'connection.x3_connected',
        targetType: 'x3_connection',
        targetId: conn.id,
        details: { name: dto.name, baseUrl: conn.baseUrl, folder: dto.folder },
        origin,
      });
      return conn;
    });
    return x3View(saved);
  }

  async test(tenantId: string, id: string): Promise<X3ConnectionReport> {
    const settings = await this.tx.run(tenantId, async (m) => this.store.settings(m, await this.find(m, id), false));
    const report = await this.probe({ ...settings, allowPrivateTargets: this.allowPrivateFor(settings.baseUrl) });
    await this.tx.run(tenantId, (m) => m.update(X3Connection, { id }, this.outcome(report)));
    return report;
  }

  /** Credential rotation: new secret sealed in place; the next call anywhere uses it. */
  async rotateCredentials(
    tenantId: string,
    id: string,
    auth: X3AuthDto,
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<X3ConnectionView> {
    await this.tx.run(tenantId, async (m) => {
      await this.store.replaceCredentials(m, await this.find(m, id), toX3Auth(auth));
      await this.audit.record(m, tenantId, {
        actor,
        action: 'connection.x3_credentials_rotated',
        targetType: 'x3_connection',
        targetId: id,
        origin,
      });
    });
    await this.test(tenantId, id);
    return this.tx.run(tenantId, async (m) => x3View(await this.find(m, id)));
  }

  async remove(tenantId: string, id: string, actor: AuditActor, origin: RequestOrigin): Promise<void> {
    await this.tx.run(tenantId, async (m) => {
      const conn = await this.find(m, id);
      await this.store.remove(m, conn);
      await this.audit.record(m, tenantId, {
        actor,
        action: 'connection.x3_removed',
        targetType: 'x3_connection',
        targetId: id,
        details: { name: conn.name },
        origin,
      });
    });
  }

  list(tenantId: string): Promise<X3ConnectionView[]> {
    return this.tx.run(tenantId, async (m) =>
      (await m.find(X3Connection, { order: { createdAt: 'ASC' } })).map(x3View),
    );
  }

  private async probe(settings: X3ConnectionSettings): Promise<X3ConnectionReport> {
    let transport;
    try {
      transport = createX3Transport(settings);
    } catch (e) {
      return {
        ok: false,
        endpoint: settings.endpoint,
        error: { class: (e as Error).name, kind: 'configuration', message: (e as Error).message },
      };
    }
    try {
      return await transport.testConnection();
    } finally {
      transport.close();
    }
  }

  private outcome(report: X3ConnectionReport): Pick<X3Connection, 'status' | 'lastTestedAt' | 'lastError'> {
    return {
      status: report.ok ? 'ok' : 'failing',
      lastTestedAt: new Date(),
      lastError: report.ok ? null : (report.error?.message ?? 'test failed'),
    };
  }

  private async find(m: EntityManager, id: string): Promise<X3Connection> {
    const conn = await m.findOne(X3Connection, { where: { id } });
    if (!conn) throw new NotFoundException('Sage X3 connection not found');
    return conn;
  }
}
