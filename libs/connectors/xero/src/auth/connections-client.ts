import { XeroCallError } from '../errors/xero-call-error';

/** One row of GET /connections. */
export interface XeroConnectionInfo {
  id: string;
  tenantId: string;
  tenantType: string;
  tenantName: string | null;
  authEventId?: string;
  createdDateUtc?: string;
  updatedDateUtc?: string;
}

/** Our adapter for /connections (xero-node hard-codes api.xero.com): list and delete. */
export class ConnectionsClient {
  constructor(
    private readonly apiUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async list(accessToken: string, authEventId?: string): Promise<XeroConnectionInfo[]> {
    const url = new URL(`${this.apiUrl}/connections`);
    if (authEventId) url.searchParams.set('authEventId', authEventId);
    const res = await this.send('GET', url.toString(), accessToken);
    return (await res.json()) as XeroConnectionInfo[];
  }

  /** Disconnects one organisation; 404 means it is already gone, which is what we wanted. */
  async remove(accessToken: string, connectionId: string): Promise<void> {
    await this.send('DELETE', `${this.apiUrl}/connections/${encodeURIComponent(connectionId)}`, accessToken, [404]);
  }

  private async send(method: string, url: string, accessToken: string, tolerated: number[] = []): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      throw new XeroCallError(
        method === 'GET' ? 'transient' : 'unknown-outcome',
        `Xero /connections unreachable (${(e as Error).message})`,
      );
    }
    if (res.ok || tolerated.includes(res.status)) return res;
    await res.text().catch(() => '');
    if (res.status === 401 || res.status === 403)
      throw new XeroCallError('auth', `Xero /connections refused the token (${res.status})`, {
        status: res.status,
        authReason: 'unauthorized',
      });
    if (res.status === 429 || res.status >= 500)
      throw new XeroCallError('transient', `Xero /connections ${res.status}`, { status: res.status });
    throw new XeroCallError('permanent', `Xero /connections ${res.status}`, { status: res.status });
  }
}
