import { InjectQueue } from '@nestjs/bull';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Queue } from 'bull';
import { Public } from '#lb/access';
import { HEARTBEAT_STALE_MS, QUEUES, readHeartbeat } from '#lb/queues';

export interface WorkersStatus {
  status: 'up' | 'down';
  lastJobAt: string | null;
  ageSeconds: number | null;
}

@ApiTags('health')
@Controller('health/workers')
export class WorkersController {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  /** Whether background workers are taking jobs: the age of the last heartbeat job they ran. */
  @Get()
  @Public('status page: whether background workers run; no tenant data')
  async status(): Promise<WorkersStatus> {
    const beat = await readHeartbeat(this.queue.client);
    if (!beat) return { status: 'down', lastJobAt: null, ageSeconds: null };
    const ageMs = Date.now() - Date.parse(beat.at);
    return {
      status: ageMs <= HEARTBEAT_STALE_MS ? 'up' : 'down',
      lastJobAt: beat.at,
      ageSeconds: Math.round(ageMs / 1000),
    };
  }
}
