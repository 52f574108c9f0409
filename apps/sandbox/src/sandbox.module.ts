import { DynamicModule, Module } from '@nestjs/common';
import { SandboxConfig } from './sandbox-config';
import { SandboxDatabase } from './db/sandbox-database';
import { SandboxHealthController } from './sandbox-health.controller';
import { IssuedSecretsController } from './issued-secrets/issued-secrets.controller';
import { SANDBOX_CONFIG } from './sandbox.tokens';
import { X3SandboxModule } from './x3/x3-sandbox.module';
import { XeroModule } from './xero/xero.module';
import { StripeModule } from './stripe/stripe.module';

export { SANDBOX_CONFIG } from './sandbox.tokens';

@Module({})
export class SandboxModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      global: true,
      controllers: [SandboxHealthController, IssuedSecretsController],
      providers: [
        { provide: SANDBOX_CONFIG, useValue: config },
        { provide: SandboxDatabase, useFactory: () => new SandboxDatabase(config.databaseUrl) },
      ],
      exports: [SANDBOX_CONFIG, SandboxDatabase],
      // The Xero, Sage X3 and Stripe simulators register their modules here.
      imports: [X3SandboxModule.forRoot(config), XeroModule.forRoot(config), StripeModule.forRoot(config)],
    };
  }
}
