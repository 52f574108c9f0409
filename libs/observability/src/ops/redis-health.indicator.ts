import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectQueue } from '@nestjs/bull';
import { Queue } from 'bull';

/** Redis is reachable when a queue's client answers PING within the deadline. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectQueue('diagnostics') private readonly queue: Queue,
  ) {}

  async isHealthy(key = 'redis', timeoutMs = 2_000) {
    const indicator = this.health.check(key);
    try {
      const client = await Promise.race([
        this.queue.isReady(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
      ]);
      const pong: string = await Promise.race([
        client.client.ping(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs),
        ),
      ]);
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${pong}` });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
