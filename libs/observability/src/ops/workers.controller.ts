import { InjectQueue } from '@nestjs/bull';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bull';
import { Public } from '#lb/access';
import { HEARTBEAT_STALE_MS, QUEUES, readHeartbeat } from '#lb/queues';

export interface WorkersStatus {
  status: 'up' | 'down';
  lastJobAt: string | null;
  ageSeconds: number | null;
}

/** For the OpenAPI document (the SPA's types are generated from it). */
class WorkersStatusResponse implements WorkersStatus {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastJobAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) ageSeconds: number | null;
}

@ApiTags('health')
@Controller('health/workers')
export class WorkersController {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  /** Whether background workers are taking jobs: the age of the last heartbeat job they ran. */
  @Get()
  @ApiOkResponse({ type: WorkersStatusResponse })
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
