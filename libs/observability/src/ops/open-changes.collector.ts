import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppMetrics } from '../metrics';
import { withDeadline } from './request-redis';

/** A scrape does not wait longer than this for PostgreSQL. */
const OPEN_CHANGES_READ_MS = 2_000;

interface Row {
  entity: string;
  direction: string;
  open: number;
  oldest_seconds: number;
}

/**
 * Reads the open pending changes over all tenants, by flow kind (entity and direction: flow keys
 * are the tenants' own names, unbounded), into the lb_sync_open_changes gauges at scrape time.
 * Counts only, through the security-definer lb_sync_open_changes_by_kind(). When PostgreSQL cannot
 * answer in time the gauges are cleared and lb_sync_open_changes_read says 0; the scrape goes on.
 */
@Injectable()
export class OpenChangesCollector {
  private readonly logger = new Logger(OpenChangesCollector.name);

  constructor(
    private readonly metrics: AppMetrics,
    private readonly dataSource: DataSource,
  ) {}

  async collect(): Promise<void> {
    const m = this.metrics.sync;
    try {
      const rows = await withDeadline(
        this.dataSource.query<Row[]>('SELECT * FROM lb_sync_open_changes_by_kind()'),
        OPEN_CHANGES_READ_MS,
        'PostgreSQL',
      );
      m.openChanges.reset();
      m.oldestOpenSeconds.reset();
      for (const r of rows) {
        const labels = { entity: r.entity, direction: r.direction };
        m.openChanges.set(labels, Number(r.open));
        m.oldestOpenSeconds.set(labels, Number(r.oldest_seconds));
      }
      m.openChangesRead.set(1);
    } catch (error) {
      m.openChanges.reset();
      m.oldestOpenSeconds.reset();
      m.openChangesRead.set(0);
      this.logger.warn(`open pending changes not read: ${(error as Error).message}`);
    }
  }
}
