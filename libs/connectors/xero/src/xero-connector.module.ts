import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { AppMetrics } from '#lb/observability';
import { createXeroConnector, XeroConnector } from './xero-connector';
import { xeroSettingsFrom } from './xero-settings';

export const XERO_CONNECTOR = Symbol('XERO_CONNECTOR');
const XERO_REDIS = Symbol('XERO_REDIS');

@Injectable()
class XeroRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(XERO_REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The Xero connector for the api and the worker: inject XERO_CONNECTOR. */
@Global()
@Module({
  providers: [
    {
      provide: XERO_REDIS,
      // Requests that call Xero (connect, disconnect, try mode) wait on this client: a hung Redis
      // fails the command after 5 s instead of holding the request until Redis returns.
      useFactory: (config: AppConfig) =>
        new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, enableOfflineQueue: true, commandTimeout: 5_000 }),
      inject: [APP_CONFIG],
    },
    XeroRedisCloser,
    {
      provide: XERO_CONNECTOR,
      useFactory: (
        config: AppConfig,
        dataSource: DataSource,
        redis: Redis,
        secrets: SecretStore,
        metrics: AppMetrics,
      ): XeroConnector =>
        createXeroConnector({
          dataSource,
          redis,
          secrets,
          settings: xeroSettingsFrom(config),
          registry: metrics.registry,
        }),
      inject: [APP_CONFIG, getDataSourceToken(), XERO_REDIS, SecretStore, AppMetrics],
    },
  ],
  exports: [XERO_CONNECTOR],
})
export class XeroConnectorModule {}
