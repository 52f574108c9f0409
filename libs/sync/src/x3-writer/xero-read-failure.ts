// A failed Xero read during a drain settles every claimed change the same way, never sleeping:
// no slot → released until the scheduler's retryAt (no attempt counted); else retried with backoff.
import { isXeroCallError } from '#lb/connectors/xero';
import type { Settlement } from '../pending/pending-changes.service';
import { backoffMs } from './x3-failures';

/** How long to wait before the next try when the connection itself is refused (re-authorisation). */
const AUTH_RETRY_MS = 5 * 60_000;

export function settlementOfXeroFailure(error: unknown, attempts: number, now = Date.now()): Settlement {
  if (isXeroCallError(error) && error.kind === 'rate-limited') {
    return { kind: 'release', delayMs: Math.max(0, (error.retryAt?.getTime() ?? now + 1_000) - now) };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isXeroCallError(error) && error.kind === 'auth') return { kind: 'retry', error: message, delayMs: AUTH_RETRY_MS };
  return { kind: 'retry', error: message, delayMs: backoffMs(attempts) };
}
