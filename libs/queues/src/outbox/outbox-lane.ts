/**
 * Which Redis an outbox row is for. Every process writes rows with its own lane and its relay
 * claims only that lane, so a process never moves jobs into a Redis other than the one the
 * writer meant (in production every process shares one Redis and so one lane; test suites with
 * a Redis of their own get their own lane). Host, port and database number only: no password.
 */
export function outboxLane(redisUrl: string): string {
  const url = new URL(redisUrl);
  const db = url.pathname.replace(/^\//, '') || '0';
  return `${url.hostname}:${url.port || '6379'}/${db}`;
}

export const OUTBOX_LANE = Symbol('OUTBOX_LANE');
