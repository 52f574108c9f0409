import { BadRequestException, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { SandboxDatabase } from '../../db/sandbox-database';

export const FAULT_MODES = ['http-500', 'http-503', 'slow', 'hang', 'pool-exhausted', 'graphql-unexpected'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  mode: FaultMode;
  delayMs: number;
}

/** Faults queued per folder through the control API; each one is consumed by one GraphQL request. */
@Injectable()
export class FaultService implements OnModuleDestroy {
  private readonly hanging = new Set<Response>();

  constructor(private readonly db: SandboxDatabase) {}

  async add(folder: string, input: { mode?: string; count?: number; delayMs?: number }): Promise<void> {
    if (!FAULT_MODES.includes(input.mode as FaultMode))
      throw new BadRequestException(`mode must be one of ${FAULT_MODES.join(', ')}`);
    const count = input.count ?? 1;
    const delayMs = input.delayMs ?? (input.mode === 'hang' ? 120_000 : input.mode === 'slow' ? 2_000 : 0);
    if (!Number.isInteger(count) || count < 1 || count > 10_000)
      throw new BadRequestException('count must be 1..10000');
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000)
      throw new BadRequestException('delayMs must be 0..600000');
    await this.db.query('INSERT INTO x3_faults (folder, mode, remaining, delay_ms) VALUES ($1, $2, $3, $4)', [
      folder,
      input.mode,
      count,
      delayMs,
    ]);
  }

  async clear(folder: string): Promise<void> {
    await this.db.query('DELETE FROM x3_faults WHERE folder = $1', [folder]);
  }

  async take(folder: string): Promise<Fault | null> {
    const rows = await this.db.query<{ mode: FaultMode; delay_ms: number }>(
      `UPDATE x3_faults SET remaining = remaining - 1 WHERE id = (
         SELECT id FROM x3_faults WHERE folder = $1 AND remaining > 0 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
       ) RETURNING mode, delay_ms`,
      [folder],
    );
    return rows[0] ? { mode: rows[0].mode, delayMs: rows[0].delay_ms } : null;
  }

  /** Applies a fault; returns true when it answered (or dropped) the request itself. */
  async apply(fault: Fault, res: Response): Promise<boolean> {
    switch (fault.mode) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        return false;
      case 'hang':
        // The server never answers; the socket is dropped after delayMs or at shutdown.
        this.hanging.add(res);
        setTimeout(() => this.drop(res), fault.delayMs).unref();
        res.on('close', () => this.hanging.delete(res));
        return true;
      case 'http-500':
        res.status(500).type('text/html').send('<html><body><h1>500 Internal Server Error</h1></body></html>');
        return true;
      case 'http-503':
        res
          .status(503)
          .set('Retry-After', '1')
          .json({ $diagnoses: [{ $severity: 'error', $message: 'Service unavailable: server busy' }] });
        return true;
      case 'pool-exhausted':
        // Syracuse's answer when no X3 session frees up before the pool's queue timeout.
        res.status(500).json({
          $diagnoses: [
            {
              $severity: 'error',
              $message: 'Pool exhausted: no X3 session available before the queue timeout (60000 ms)',
            },
          ],
        });
        return true;
      case 'graphql-unexpected':
        // A resolver failing on something X3 does not explain: GraphQL Yoga masks it (HTTP 200).
        res.status(200).json({
          errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true } }],
          data: null,
        });
        return true;
    }
  }

  private drop(res: Response): void {
    this.hanging.delete(res);
    res.socket?.destroy();
  }

  onModuleDestroy(): void {
    for (const res of [...this.hanging]) this.drop(res);
  }
}
