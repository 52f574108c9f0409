import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  AuditTrail,
  InvitationsService,
  MembersService,
  SignInService,
  StaffService,
  SupportService,
} from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretBox, SecretStore } from '#lb/crypto';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { AuthController, InvitationAcceptController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { RecentAuthGuard } from './auth/recent-auth.guard';
import { SESSION_STORE } from './auth/session/session.tokens';
import { SignUpConnections } from './auth/sign-up-connections';
import { PgSessionStore } from './auth/session/pg-session.store';
import { XeroSignInFlow } from './auth/xero-sign-in.flow';
import { throttleRedis } from './support/redis-throttle';
import { SignInThrottle } from './support/sign-in-throttle';
import { StaffAuthController } from './support/staff-auth.controller';
import { TenantController } from './tenant/tenant.controller';
import { TenantLifecycleService } from './tenant/tenant-lifecycle.service';

const THROTTLE_REDIS = Symbol('THROTTLE_REDIS');

/** Sign-in, sessions, tenants, members, invitations, audit and support access (grants; the console's reads: SupportModule). */
@Module({
  controllers: [AuthController, InvitationAcceptController, TenantController, StaffAuthController],
  providers: [
    AuditTrail,
    AuthService,
    SignUpConnections,
    XeroSignInFlow,
    RecentAuthGuard,
    TenantLifecycleService,
    { provide: SESSION_STORE, useFactory: (ds: DataSource) => new PgSessionStore(ds), inject: [DataSource] },
    {
      provide: SignInService,
      useFactory: (ds: DataSource, tx: TenantTransactions, sys: SystemAccess, audit: AuditTrail) =>
        new SignInService(ds, tx, sys, audit),
      inject: [DataSource, TenantTransactions, SystemAccess, AuditTrail],
    },
    {
      provide: MembersService,
      useFactory: (tx: TenantTransactions, audit: AuditTrail) => new MembersService(tx, audit),
      inject: [TenantTransactions, AuditTrail],
    },
    {
      provide: InvitationsService,
      useFactory: (
        tx: TenantTransactions,
        sys: SystemAccess,
        audit: AuditTrail,
        secrets: SecretStore,
        config: AppConfig,
      ) =>
        new InvitationsService(
          tx,
          sys,
          audit,
          secrets,
          config.PUBLIC_URL.replace(/\/$/, ''),
          config.APP_ENV === 'development',
        ),
      inject: [TenantTransactions, SystemAccess, AuditTrail, SecretStore, APP_CONFIG],
    },
    {
      provide: StaffService,
      useFactory: (ds: DataSource, box: SecretBox) => new StaffService(ds, box),
      inject: [DataSource, SecretBox],
    },
    {
      provide: THROTTLE_REDIS,
      useFactory: (config: AppConfig) => throttleRedis(config.REDIS_URL), // failures surface as 503s on sign-in
      inject: [APP_CONFIG],
    },
    {
      provide: SignInThrottle,
      useFactory: (redis: Redis) => new SignInThrottle(redis),
      inject: [THROTTLE_REDIS],
    },
    {
      provide: SupportService,
      useFactory: (tx: TenantTransactions, sys: SystemAccess, audit: AuditTrail, ds: DataSource) =>
        new SupportService(tx, sys, audit, ds),
      inject: [TenantTransactions, SystemAccess, AuditTrail, DataSource],
    },
  ],
  exports: [SESSION_STORE, MembersService, AuditTrail, SupportService],
})
export class AccountsModule implements OnModuleDestroy {
  constructor(@Inject(THROTTLE_REDIS) private readonly throttleRedis: Redis) {}

  onModuleDestroy(): void {
    this.throttleRedis.disconnect();
  }
}
