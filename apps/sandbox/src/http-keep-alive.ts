// The sandbox stands apart from the product's libraries, so it keeps its own copy of this rule
// (libs/platform/src/keep-alive.ts): idle keep-alive sockets stay open longer than any client's
// reuse of them, so the client never writes to a socket the sandbox has just closed (ECONNRESET,
// seen in CI on a loaded host, where Node's 5 s default raced undici's 4 s).
import type { Server } from 'node:http';

export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
