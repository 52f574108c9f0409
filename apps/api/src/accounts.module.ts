import { Module } from '@nestjs/common';
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
import { SecretBox } from '#lb/crypto';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { AuthController, InvitationAcceptController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { RecentAuthGuard } from './auth/recent-auth.guard';
import { SESSION_STORE } from './auth/session/session.tokens';
import { PgSessionStore } from './auth/session/pg-session.store';
import { XeroSignInFlow } from './auth/xero-sign-in.flow';
import { StaffAuthController } from './support/staff-auth.controller';
import { SupportController } from './support/support.controller';
import { TenantController } from './tenant/tenant.controller';
import { TenantLifecycleService } from './tenant/tenant-lifecycle.service';

/** Sign-in, sessions, tenants, members, invitations, audit and the support console. */
@Module({
  controllers: [AuthController, InvitationAcceptController, TenantController, StaffAuthController, SupportController],
  providers: [
    AuditTrail,
    AuthService,
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
      useFactory: (tx: TenantTransactions, sys: SystemAccess, audit: AuditTrail, config: AppConfig) =>
        new InvitationsService(tx, sys, audit, config.PUBLIC_URL.replace(/\/$/, ''), config.APP_ENV === 'development'),
      inject: [TenantTransactions, SystemAccess, AuditTrail, APP_CONFIG],
    },
    {
      provide: StaffService,
      useFactory: (ds: DataSource, box: SecretBox) => new StaffService(ds, box),
      inject: [DataSource, SecretBox],
    },
    {
      provide: SupportService,
      useFactory: (tx: TenantTransactions, sys: SystemAccess, audit: AuditTrail) => new SupportService(tx, sys, audit),
      inject: [TenantTransactions, SystemAccess, AuditTrail],
    },
  ],
  exports: [SESSION_STORE, MembersService, AuditTrail],
})
export class AccountsModule {}
