// PostgreSQL out of reach (stopped, restarting, refusing or dropping connections), or another server
// a request needs refusing its socket, is a passing state of the service, not a fault of the
// request: it answers 503, so load balancers, the SPA and Xero's webhook deliveries retry, rather
// than a 500 that reads as a bug.

/** Connection exceptions (class 08), shutdown and start-up (57P01-57P03), too many connections (53300). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** A socket that could not be opened or was cut (node's error codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** node-postgres's own words for a connection lost or never made (these carry no code). */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** Whether `error` (or what it wraps: TypeORM's driverError, a cause) says a server we need is out of reach. */
export function serviceUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || NETWORK_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => serviceUnavailable(inner, depth + 1)))
    return true;
  return serviceUnavailable(e.driverError, depth + 1) || serviceUnavailable(e.cause, depth + 1);
}

/** Seconds a client is asked to wait before trying again (a restart takes a few). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
