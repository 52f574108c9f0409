// How a failed X3 write settles its pending change: X3's refusal is a dead letter carrying X3's
// own messages; X3 down (or an outcome we cannot know) is retried with exponential backoff and
// jitter — the retry reads X3 first, so an unknown create is never made twice.
import { X3Error, X3ValidationError } from '#lb/connectors/sage-x3';
import type { Settlement } from '../pending/pending-changes.service';

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 30 * 60_000;

/** attempts so far → the next delay: 5 s, 10 s, 20 s … capped at 30 min, with ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const raw = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export function settlementOfX3Failure(error: unknown, attempts: number, mappingVersion: number): Settlement {
  if (error instanceof X3ValidationError) {
    return { kind: 'dead', error: error.message, outcome: { messages: error.messages }, mappingVersion };
  }
  if (error instanceof X3Error && (error.kind === 'server-fault' || error.kind === 'configuration')) {
    // X3 failing in a way it does not explain, or settings that cannot work: replayed once fixed
    return { kind: 'dead', error: error.message, outcome: { messages: [error.message] }, mappingVersion };
  }
  // transient, unknown outcome, auth (the customer renews credentials), not-found on update (re-read)
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'retry', error: message, delayMs: backoffMs(attempts) };
}
