import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions, EntityList } from './data-source';
import { SystemAccess } from './tenancy/system-access.service';
import { TenantTransactions } from './tenancy/tenant-transactions';

/** TypeORM on the runtime role (never the owner), plus the tenancy helpers built on it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(opts: { url: string; entities: EntityList; poolSize?: number }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(opts.url, opts.entities, {
              extra: { max: opts.poolSize ?? 20, connectionTimeoutMillis: 5_000 },
            }),
            // Fail start-up fast with the real error instead of retrying for minutes.
            retryAttempts: 0,
          }),
        }),
      ],
      providers: [
        {
          provide: TenantTransactions,
          useFactory: (ds: DataSource) => new TenantTransactions(ds),
          inject: [getDataSourceToken()],
        },
        { provide: SystemAccess, useFactory: (ds: DataSource) => new SystemAccess(ds), inject: [getDataSourceToken()] },
      ],
      exports: [TenantTransactions, SystemAccess],
    };
  }
}
