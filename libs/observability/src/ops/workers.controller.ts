import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { Public } from '#lb/access';
import { HEARTBEAT_STALE_MS, readHeartbeat, WorkerHeartbeat } from '#lb/queues';
import { REQUEST_REDIS, REQUEST_REDIS_COMMAND_MS, withDeadline } from './request-redis';

export interface WorkersStatus {
  status: 'up' | 'down';
  lastJobAt: string | null;
  ageSeconds: number | null;
}

/** When Redis cannot be read the answer is 503, naming Redis as the failing part (as /health does). */
export interface WorkersStatusUnknown extends WorkersStatus {
  status: 'down';
  details: { redis: { status: 'down'; message: string } };
}

/** For the OpenAPI document (the SPA's types are generated from it). */
class WorkersStatusResponse implements WorkersStatus {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastJobAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) ageSeconds: number | null;
}

class RedisDown {
  @ApiProperty({ enum: ['down'] }) status: 'down';
  @ApiProperty() message: string;
}

class WorkersStatusUnknownDetails {
  @ApiProperty({ type: RedisDown }) redis: RedisDown;
}

class WorkersStatusUnknownResponse extends WorkersStatusResponse implements WorkersStatusUnknown {
  @ApiProperty({ enum: ['down'] }) declare status: 'down';
  @ApiProperty({ type: WorkersStatusUnknownDetails }) details: WorkersStatusUnknownDetails;
}

@ApiTags('health')
@Controller('health/workers')
export class WorkersController {
  constructor(@Inject(REQUEST_REDIS) private readonly redis: Redis) {}

  /** Whether background workers are taking jobs: the age of the last heartbeat job they ran. */
  @Get()
  @ApiOkResponse({
    type: WorkersStatusResponse,
    description: "The last heartbeat's age; status down when it is stale or missing",
  })
  @ApiServiceUnavailableResponse({
    type: WorkersStatusUnknownResponse,
    description: 'Redis did not answer within ~2 s, so whether workers run is unknown; details.redis says why',
  })
  @Public('status page: whether background workers run; no tenant data')
  async status(@Res({ passthrough: true }) res: Response): Promise<WorkersStatus | WorkersStatusUnknown> {
    let beat: WorkerHeartbeat | null;
    try {
      beat = await withDeadline(readHeartbeat(this.redis), REQUEST_REDIS_COMMAND_MS + 500, 'Redis');
    } catch (error) {
      res.status(503);
      const message = `cannot read the workers' heartbeat from Redis: ${(error as Error).message}`;
      return { status: 'down', lastJobAt: null, ageSeconds: null, details: { redis: { status: 'down', message } } };
    }
    if (!beat) return { status: 'down', lastJobAt: null, ageSeconds: null };
    const ageMs = Date.now() - Date.parse(beat.at);
    return {
      status: ageMs <= HEARTBEAT_STALE_MS ? 'up' : 'down',
      lastJobAt: beat.at,
      ageSeconds: Math.round(ageMs / 1000),
    };
  }
}
