import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { ConnectionsModule } from '../connections/connections.module';
import { FlowsModule } from '../flows/flows.module';
import { TrailModule } from '../trail/trail.module';
import { SupportIntegrationController } from './support-integration.controller';
import { SupportController } from './support.controller';

/** The support console's reads: a tenant's set-up and its integrations' operations, under a live grant. */
@Module({
  imports: [AccountsModule, ConnectionsModule, FlowsModule, TrailModule],
  controllers: [SupportController, SupportIntegrationController],
})
export class SupportModule {}
