import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { SandboxDatabase } from '../../db/sandbox-database';
import { XeroHttpError, badRequest } from '../core/xero-errors';

/**
 * Idempotency-Key (≤ 128 characters) on PUT/POST: the same key with the same request replays the
 * first response and has no second effect. Reusing a key for a different request, or while the
 * first is still running, is refused (Xero's exact behaviour there is unconfirmed).
 * Returns true when the response was sent from the store.
 */
export async function idempotencyGate(
  db: SandboxDatabase,
  req: Request,
  res: Response,
  clientId: string,
  tenantId: string,
  now: number,
  ttlSeconds: number,
): Promise<boolean> {
  const key = req.header('idempotency-key');
  if (!key || !['PUT', 'POST', 'PATCH'].includes(req.method)) return false;
  if (key.length > 128) throw badRequest('Idempotency-Key must be 128 characters or less');
  const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.from(JSON.stringify(req.body ?? {}));
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n`).update(raw).digest('hex');
  await db.query(
    'DELETE FROM xero_idempotency WHERE client_id = $1 AND tenant_id = $2 AND key = $3 AND created_ms < $4',
    [clientId, tenantId, key, now - ttlSeconds * 1000],
  );
  const inserted = await db.query(
    `INSERT INTO xero_idempotency (client_id, tenant_id, key, request_hash, created_ms) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT DO NOTHING RETURNING key`,
    [clientId, tenantId, key, hash, now],
  );
  if (inserted.length === 0) {
    const [row] = await db.query<{
      request_hash: string;
      status: number | null;
      headers: Record<string, string> | null;
      body: string | null;
    }>(
      'SELECT request_hash, status, headers, body FROM xero_idempotency WHERE client_id = $1 AND tenant_id = $2 AND key = $3',
      [clientId, tenantId, key],
    );
    if (row.request_hash !== hash) throw badRequest('This Idempotency-Key was already used for a different request');
    if (row.status === null)
      throw new XeroHttpError(409, {
        Title: 'Conflict',
        Status: 409,
        Detail: 'A request with this Idempotency-Key is still being processed',
      });
    res
      .status(row.status)
      .set(row.headers ?? {})
      .type('application/json')
      .send(row.body);
    return true;
  }
  // Keep what the handler sends as it is sent: a reply lost on the wire is still replayed later.
  const send = res.send.bind(res);
  res.send = (chunk?: unknown) => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : JSON.stringify(chunk ?? null);
    const keep = res.statusCode < 500;
    const sql = keep
      ? 'UPDATE xero_idempotency SET status = $4, body = $5 WHERE client_id = $1 AND tenant_id = $2 AND key = $3'
      : 'DELETE FROM xero_idempotency WHERE client_id = $1 AND tenant_id = $2 AND key = $3';
    void db
      .query(sql, keep ? [clientId, tenantId, key, res.statusCode, text] : [clientId, tenantId, key])
      .catch(() => undefined);
    return send(chunk);
  };
  return false;
}
