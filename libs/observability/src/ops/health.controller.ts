import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '#lb/access';
import { RedisHealthIndicator } from './redis-health.indicator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process is up; orchestrators restart it when this fails. It asks nothing of PostgreSQL or Redis. */
  @Get('live')
  @Public('liveness probe for orchestrators')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** PostgreSQL and Redis answer; load balancers route traffic only while this is up. */
  @Get()
  @Public('readiness probe for load balancers')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      // Both checks run side by side, each with its own deadline: the answer comes within ~2 s.
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2_000 }),
        () => this.redis.isHealthy('redis'),
      ]);
    } catch (error) {
      // Answered here rather than thrown, so the 503 keeps its per-check details (which part
      // failed) whatever exception filter the process has.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
