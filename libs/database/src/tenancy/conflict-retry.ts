// PostgreSQL aborts one of two transactions that wait on each other (deadlock, 40P01) or that a
// serializable snapshot cannot order (40001), and says to run it again. A transaction whose work
// only touches the database (no call outside, nothing kept in memory) can be: its first run was
// rolled back whole.

/** SQLSTATEs that mean "nothing was done; run the transaction again". */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `transaction` again (up to `attempts` runs in all, a short jittered pause between) while it
 * fails with a deadlock or a serialization failure; any other error, or the last one, is thrown.
 */
export async function retryOnConflict<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      // the other transaction holds its locks until it ends: give it a moment, not in lockstep
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.floor(Math.random() * 30)));
    }
  }
}
