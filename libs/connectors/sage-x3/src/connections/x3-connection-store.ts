import { EntityManager } from 'typeorm';
import { SecretStore } from '#lb/crypto';
import { X3Connection } from '../entities/x3-connection.entity';
import { X3Auth, X3ConnectionSettings } from '../x3-connection-settings';

export const X3_SECRET_PURPOSE = 'x3.credential';

export interface X3ConnectionInput {
  name: string;
  baseUrl: string;
  endpoint: string;
  companies: string[];
  auth: X3Auth;
  caPem?: string | null;
  maxConcurrency?: number;
  isSandbox?: boolean;
}

/** The secret half of the credentials; everything else is a column. */
const secretOf = (auth: X3Auth) => (auth.kind === 'jwt' ? auth.secret : auth.password);

/**
 * Saves and loads X3 connections inside the caller's tenant transaction: the secret goes to the
 * secrets table, and the settings handed to a transport are rebuilt from both.
 */
export class X3ConnectionStore {
  constructor(private readonly secrets: SecretStore) {}

  async create(m: EntityManager, tenantId: string, input: X3ConnectionInput): Promise<X3Connection> {
    const secretId = await this.secrets.create(m, tenantId, X3_SECRET_PURPOSE, secretOf(input.auth));
    return m.save(
      m.create(X3Connection, {
        tenantId,
        name: input.name,
        baseUrl: input.baseUrl.replace(/\/+$/, ''),
        endpoint: input.endpoint,
        companies: input.companies,
        authMode: input.auth.kind,
        clientId: input.auth.kind === 'jwt' ? input.auth.clientId : null,
        x3User: input.auth.user,
        secretId,
        caPem: input.caPem ?? null,
        maxConcurrency: input.maxConcurrency ?? 4,
        isSandbox: input.isSandbox ?? false,
      }),
    );
  }

  /** Replaces the credentials (rotation) without touching anything else; running work picks them up on its next call. */
  async replaceCredentials(m: EntityManager, conn: X3Connection, auth: X3Auth): Promise<void> {
    await this.secrets.replace(m, conn.tenantId, conn.secretId, X3_SECRET_PURPOSE, secretOf(auth));
    await m.update(
      X3Connection,
      { id: conn.id },
      {
        authMode: auth.kind,
        clientId: auth.kind === 'jwt' ? auth.clientId : null,
        x3User: auth.user,
        status: 'untested',
      },
    );
  }

  async settings(m: EntityManager, conn: X3Connection, allowPrivateTargets: boolean): Promise<X3ConnectionSettings> {
    const secret = await this.secrets.read(m, conn.tenantId, conn.secretId, X3_SECRET_PURPOSE);
    const auth: X3Auth =
      conn.authMode === 'jwt'
        ? { kind: 'jwt', clientId: conn.clientId ?? '', secret, user: conn.x3User }
        : { kind: 'basic', user: conn.x3User, password: secret };
    return {
      baseUrl: conn.baseUrl,
      endpoint: conn.endpoint,
      companies: conn.companies,
      auth,
      tls: conn.caPem ? { caPem: conn.caPem } : undefined,
      maxConcurrency: conn.maxConcurrency,
      allowPrivateTargets,
    };
  }

  async remove(m: EntityManager, conn: X3Connection): Promise<void> {
    await m.delete(X3Connection, { id: conn.id });
    await this.secrets.remove(m, conn.tenantId, conn.secretId);
  }
}
