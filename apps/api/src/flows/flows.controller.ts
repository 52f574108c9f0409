import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { FlowOperations, FlowVersionSummary, FlowVersionView, IntegrationFlows, StarterInstallReport } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { answered } from './flow-errors';
import { FlowPathDto, FlowVersionPathDto, IntegrationIdPathDto, SaveFlowDto } from './flows.dto';
import {
  FlowVersionResponse,
  FlowVersionSummaryResponse,
  IntegrationFlowsResponse,
  StarterInstallResponse,
} from './flows.responses';
import { StarterInstallService } from './starter-install.service';
import { RecentAuth } from './recent-auth.decorator';

const REAUTH = 'A fresh Sign in with Xero is needed (401, code reauth_required) to switch on a flow that writes';

/** Flows of an integration: their state and backlog, versions, edits, on and off. Viewers read; admins change. */
@ApiTags('flows')
@Controller('integrations/:id/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowOperations,
    private readonly starter: StarterInstallService,
  ) {}

  @Get()
  @ApiOkResponse({ type: IntegrationFlowsResponse })
  @AnyMember()
  list(@CurrentMember() me: Member, @Param() p: IntegrationIdPathDto): Promise<IntegrationFlows> {
    return answered(this.flows.overview(me.tenantId, p.id));
  }

  /** Installs the starter mappings and flows it lacks, switched off; what it has is left alone. */
  @Post('starter')
  @ApiCreatedResponse({ type: StarterInstallResponse, description: 'What was installed (nothing on a second run)' })
  @AdminOnly()
  installStarter(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<StarterInstallReport> {
    return answered(this.starter.install(me.tenantId, p.id, { actor: actorOf(me), origin }));
  }

  @Get(':flowKey')
  @ApiOkResponse({ type: FlowVersionResponse, description: 'The version in force' })
  @AnyMember()
  active(@CurrentMember() me: Member, @Param() p: FlowPathDto): Promise<FlowVersionView> {
    return answered(this.flows.get(me.tenantId, p.id, p.flowKey));
  }

  @Get(':flowKey/versions')
  @ApiOkResponse({ type: [FlowVersionSummaryResponse] })
  @AnyMember()
  versions(@CurrentMember() me: Member, @Param() p: FlowPathDto): Promise<FlowVersionSummary[]> {
    return answered(this.flows.versions(me.tenantId, p.id, p.flowKey));
  }

  @Get(':flowKey/versions/:version')
  @ApiOkResponse({ type: FlowVersionResponse })
  @AnyMember()
  version(@CurrentMember() me: Member, @Param() p: FlowVersionPathDto): Promise<FlowVersionView> {
    return answered(this.flows.get(me.tenantId, p.id, p.flowKey, p.version));
  }

  /** Saves a new version (validated first: a refused document stores nothing). */
  @Post(':flowKey/versions')
  @ApiCreatedResponse({ type: FlowVersionResponse, description: REAUTH })
  @ApiConflictResponse({ description: 'basedOnVersion is no longer the version in force: another save came first' })
  @AdminOnly()
  save(
    @CurrentMember() me: Member,
    @Param() p: FlowPathDto,
    @Body() body: SaveFlowDto,
    @Origin() origin: RequestOrigin,
    @RecentAuth() recentAuth: boolean,
  ): Promise<FlowVersionView> {
    return answered(
      this.flows.save(me.tenantId, p.id, p.flowKey, body.document, body.basedOnVersion, {
        actor: actorOf(me),
        origin,
        recentAuth,
      }),
    );
  }

  @Post(':flowKey/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: FlowVersionResponse, description: `A new version when it was off. ${REAUTH}` })
  @AdminOnly()
  enable(
    @CurrentMember() me: Member,
    @Param() p: FlowPathDto,
    @Origin() origin: RequestOrigin,
    @RecentAuth() recentAuth: boolean,
  ): Promise<FlowVersionView> {
    return answered(
      this.flows.setEnabled(me.tenantId, p.id, p.flowKey, true, { actor: actorOf(me), origin, recentAuth }),
    );
  }

  @Post(':flowKey/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: FlowVersionResponse, description: 'A new version when it was on' })
  @AdminOnly()
  disable(
    @CurrentMember() me: Member,
    @Param() p: FlowPathDto,
    @Origin() origin: RequestOrigin,
    @RecentAuth() recentAuth: boolean,
  ): Promise<FlowVersionView> {
    return answered(
      this.flows.setEnabled(me.tenantId, p.id, p.flowKey, false, { actor: actorOf(me), origin, recentAuth }),
    );
  }
}
