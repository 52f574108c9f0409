import { DynamicModule, MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { SandboxConfig } from '../sandbox-config';
import { SandboxDatabase } from '../db/sandbox-database';
import { X3_SANDBOX_CONFIG } from './x3-tokens';
import { applyX3Schema } from './model/ddl';
import { FolderService } from './folders/folder-service';
import { X3Authenticator } from './auth/x3-authenticator';
import { FaultService } from './faults/fault-service';
import { X3GraphqlEndpoint, X3_GRAPHQL_PATH } from './http/x3-graphql-endpoint';
import { SimulationService } from './control/simulation-service';
import { BulkService } from './control/bulk-service';
import { BulkDocumentsService } from './control/bulk-documents';
import { BulkLedgerService } from './control/bulk-ledger';
import { MasterDataControl } from './control/master-data-control';
import { FolderControlGuard, ProvisionGuard } from './control/control-auth.guard';
import { X3ControlController, X3ProvisionController } from './control/x3-control.controller';

/** The Sage X3 simulator: GraphQL at /xtrem/api, control API at /x3-control. */
@Module({})
export class X3SandboxModule implements NestModule, OnModuleInit {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: X3SandboxModule,
      controllers: [X3ProvisionController, X3ControlController],
      providers: [
        { provide: X3_SANDBOX_CONFIG, useValue: config },
        FolderService,
        X3Authenticator,
        FaultService,
        X3GraphqlEndpoint,
        SimulationService,
        BulkService,
        BulkDocumentsService,
        BulkLedgerService,
        MasterDataControl,
        FolderControlGuard,
        ProvisionGuard,
      ],
    };
  }

  constructor(
    private readonly db: SandboxDatabase,
    private readonly folders: FolderService,
    private readonly endpoint: X3GraphqlEndpoint,
  ) {}

  async onModuleInit(): Promise<void> {
    await applyX3Schema(this.db);
    await this.folders.ensureSeedFolder();
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.endpoint.handle).forRoutes({ path: X3_GRAPHQL_PATH.slice(1), method: RequestMethod.ALL });
  }
}
