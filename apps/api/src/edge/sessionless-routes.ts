import { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Routes authenticated by a signature alone (under the global prefix): they never read or set a
 * session, so the session middleware and the principal it carries are skipped there, not just
 * ignored (no session id minted, no cookie hooks, no role lookup on the webhook hot path).
 */
const SESSIONLESS_PATHS = new Set(['/xero/webhooks']);

export function isSessionlessPath(path: string): boolean {
  // express routes case-insensitively and with or without a trailing slash: so does this
  return SESSIONLESS_PATHS.has(path.toLowerCase().replace(/\/+$/, ''));
}

/** `handler`, except on sessionless routes (`req.path` is relative to the mount point). */
export function exceptSessionless(handler: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    isSessionlessPath(req.path) ? next() : handler(req, res, next);
}
