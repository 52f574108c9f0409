// Keyset cursors for the run and trail lists: the last row's (time, id), opaque to the client.
import { OperationRefusedError } from '../operations/operation-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Keyset {
  at: string;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

/** A cursor this API did not hand out is refused (400), never passed to SQL as is. */
export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !id || !UUID.test(id) || !at || Number.isNaN(Date.parse(at))) {
    throw new OperationRefusedError('cursor is not one this list handed out');
  }
  return { at: new Date(at).toISOString(), id };
}
