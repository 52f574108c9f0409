import { Injectable, NestMiddleware } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { SandboxDatabase } from '../../db/sandbox-database';
import { StripeApiError } from '../core/stripe-errors';
import { StripeAccount, StripeStore } from '../db/stripe-store';

export type StripeRequest = Request & { stripeAccount?: StripeAccount };

function fail(res: Response, error: StripeApiError): void {
  res.status(error.status).json(error.body());
}

/** Stripe takes the key as a Bearer token or as the Basic-auth user name. */
function keyFrom(auth: string | undefined): string | undefined {
  if (!auth) return undefined;
  if (/^Bearer /i.test(auth)) return auth.slice(7).trim();
  if (/^Basic /i.test(auth)) return Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0];
  return undefined;
}

function masked(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(Math.min(key.length - 12, 20))}${key.slice(-4)}` : '****';
}

/**
 * In front of every /v1 route: the API key (401 in Stripe's shape when missing or unknown) and
 * Idempotency-Key on POSTs — the first response is kept and replayed for the same key and
 * parameters; other parameters under a used key are refused, as Stripe does.
 */
@Injectable()
export class StripeGateMiddleware implements NestMiddleware {
  constructor(
    private readonly store: StripeStore,
    private readonly db: SandboxDatabase,
  ) {}

  async use(req: StripeRequest, res: Response, next: NextFunction): Promise<void> {
    const key = keyFrom(req.headers.authorization);
    if (!key) {
      return fail(
        res,
        new StripeApiError(
          401,
          'invalid_request_error',
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        ),
      );
    }
    const account = /^sk_test_/.test(key) ? await this.store.accountByKey(key) : undefined;
    if (!account)
      return fail(
        res,
        new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${masked(key)}`, 'api_key_invalid'),
      );
    req.stripeAccount = account;
    res.setHeader(
      'request-id',
      `req_${createHash('sha1').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 14)}`,
    );
    res.setHeader('stripe-version', String(req.headers['stripe-version'] ?? ''));
    const idemKey = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof idemKey !== 'string' || !idemKey) return next();
    if (idemKey.length > 255)
      return fail(
        res,
        new StripeApiError(400, 'invalid_request_error', 'Idempotency-Key is too long (at most 255 characters).'),
      );
    await this.idempotent(account, idemKey, req, res, next);
  }

  private async idempotent(
    account: StripeAccount,
    key: string,
    req: Request,
    res: Response,
    next: NextFunction,
  ): Promise<void> {
    const hash = createHash('sha256')
      .update(`${req.method} ${req.path}\n${JSON.stringify(req.body ?? {})}`)
      .digest('hex');
    const claimed = await this.db.query(
      `INSERT INTO stripe_idempotency (account_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
      [account.id, key, hash],
    );
    if (claimed.length === 0) {
      const [prior] = await this.db.query<{ request_hash: string; status: number | null; body: string | null }>(
        'SELECT request_hash, status, body FROM stripe_idempotency WHERE account_id = $1 AND key = $2',
        [account.id, key],
      );
      if (prior && prior.request_hash !== hash)
        return fail(
          res,
          new StripeApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          ),
        );
      if (!prior || prior.status === null)
        return fail(
          res,
          new StripeApiError(
            409,
            'idempotency_error',
            'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
              key +
              '. Please try again later.',
          ),
        );
      res.setHeader('idempotent-replayed', 'true');
      res.setHeader('idempotency-key', key);
      res.status(prior.status).type('application/json').send(prior.body);
      return;
    }
    res.setHeader('idempotency-key', key);
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
      // A server error is not kept (Stripe lets the client retry it under the same key).
      const keep = res.statusCode < 500;
      const stored = keep
        ? this.db.query('UPDATE stripe_idempotency SET status = $3, body = $4 WHERE account_id = $1 AND key = $2', [
            account.id,
            key,
            res.statusCode,
            Buffer.concat(chunks).toString('utf8'),
          ])
        : this.db.query('DELETE FROM stripe_idempotency WHERE account_id = $1 AND key = $2', [account.id, key]);
      void stored.catch(() => undefined).finally(() => end(chunk, ...rest));
      return res;
    }) as Response['end'];
    next();
  }
}
