// X3 checks a connected application's JWT against its own clock (iat not in the future, exp not
// past, about a second of tolerance), and an on-premise X3 host's clock may be minutes off ours.
// So tokens are signed on the server's clock, as its HTTP Date header tells it: per process and
// per X3 base URL, since each process has its own clock (nothing here must agree across processes).

/** Offsets below this are Date's one-second resolution and the trip's latency, not skew. */
const NOISE_MS = 2_000;
/** Servers remembered per process (the oldest forgotten first): far more than one process meets. */
const MAX_SERVERS = 1_000;

const offsets = new Map<string, number>();

/** The server's clock minus ours (ms), as last seen; 0 until a Date header was seen. */
export function serverClockOffsetMs(baseUrl: string): number {
  return offsets.get(baseUrl) ?? 0;
}

/** The server's time now (epoch seconds), for the token's iat and exp. */
export function serverNowSeconds(baseUrl: string): number {
  return Math.floor((Date.now() + serverClockOffsetMs(baseUrl)) / 1000);
}

/**
 * Learns the offset from a response's Date header (taken when the answer arrived). Returns true
 * when the offset moved by more than the noise, i.e. a token signed before may have been refused
 * for its times and one signed now would not be.
 */
export function observeServerDate(baseUrl: string, dateHeader: string | undefined, receivedAtMs = Date.now()): boolean {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN;
  if (!Number.isFinite(serverMs)) return false;
  const raw = serverMs - receivedAtMs;
  const next = Math.abs(raw) < NOISE_MS ? 0 : raw;
  const before = serverClockOffsetMs(baseUrl);
  if (Math.abs(next - before) < NOISE_MS) return false;
  offsets.delete(baseUrl);
  if (next !== 0) offsets.set(baseUrl, next);
  if (offsets.size > MAX_SERVERS) offsets.delete(offsets.keys().next().value as string);
  return true;
}
