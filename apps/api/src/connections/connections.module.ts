import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { FlowsModule } from '../flows/flows.module';
import { MatchingModule } from '../matching/matching.module';
import { ConnectionsController } from './connections.controller';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';
import { X3ConnectionsService } from './x3-connections.service';
import { XeroConnectController } from './xero-connect.controller';
import { XeroConnectionsService } from './xero-connections.service';
import { SandboxTrialController } from '../sandbox-trial/sandbox-trial.controller';
import { SandboxTrialService } from '../sandbox-trial/sandbox-trial.service';

/** Connecting Xero and Sage X3, and pairing them into integrations. */
@Module({
  imports: [AccountsModule, FlowsModule, MatchingModule],
  controllers: [XeroConnectController, ConnectionsController, IntegrationsController, SandboxTrialController],
  providers: [XeroConnectionsService, X3ConnectionsService, IntegrationsService, SandboxTrialService],
  exports: [XeroConnectionsService, X3ConnectionsService, IntegrationsService],
})
export class ConnectionsModule {}
