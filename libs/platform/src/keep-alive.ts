// Idle keep-alive connections outlive the client's reuse of them. Node closes an idle socket after
// 5 s, and a client (undici, a load balancer) that reuses it at that moment gets ECONNRESET — seen
// in CI on a loaded host, where timers fire late. Longer than the clients' own idle limits (60 s
// for common load balancers), the server is never the side that closes first.
import type { Server } from 'node:http';

export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // must exceed keepAliveTimeout, or a slow request's headers can race the idle close
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
}
