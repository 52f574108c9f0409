// Receives the browser's return from Xero's consent on the loopback redirect URI: the query of the
// request whose `state` is the one we sent, answered with a page saying the tab can be closed.
import { createServer, Server } from 'node:http';

export interface ConsentWait {
  /** Resolves with the callback's query (code, state, scope …); rejects on error=… or the deadline. */
  params: Promise<URLSearchParams>;
  close: () => Promise<void>;
}

export async function awaitConsent(opts: {
  port: number;
  path: string;
  state: string;
  timeoutMs: number;
  host?: string;
}): Promise<ConsentWait> {
  let settle!: { resolve: (p: URLSearchParams) => void; reject: (e: Error) => void };
  const params = new Promise<URLSearchParams>((resolve, reject) => (settle = { resolve, reject }));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const page = (status: number, text: string) =>
      res
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(`<!doctype html><meta charset="utf-8"><title>Ledgerbridge live smoke</title><p>${text}</p>`);
    if (req.method !== 'GET' || url.pathname !== opts.path) return page(404, 'Not the smoke’s callback.');
    if (url.searchParams.get('state') !== opts.state)
      return page(400, 'This consent is not the one the smoke started (state differs). Use the URL the smoke printed.');
    const error = url.searchParams.get('error');
    if (error) {
      page(200, `Xero said: ${error}. The smoke stops; see your terminal.`);
      settle.reject(
        new Error(`Xero refused the consent: ${error} ${url.searchParams.get('error_description') ?? ''}`.trim()),
      );
      return;
    }
    page(200, 'Consent received. You can close this tab; the smoke carries on in your terminal.');
    settle.resolve(url.searchParams);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(
    () => settle.reject(new Error(`no consent came back within ${Math.round(opts.timeoutMs / 60_000)} min`)),
    opts.timeoutMs,
  );
  params.finally(() => clearTimeout(timer)).catch(() => undefined);
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { params, close };
}
