import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AnyMember } from '#lb/access';
import { FlowRuns, FlowRunView } from '#lb/sync';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { answered } from './flow-errors';
import { FlowRunDecisionDto, FlowRunPathDto, FlowRunsPathDto, FlowRunsQueryDto } from './flow-runs.dto';
import { FlowRunResponse } from './flow-runs.responses';

const DECIDE = 'Any member may ask; only one with the approval node’s role or higher is let through (403 otherwise)';

/** Graph flow runs: each record's walk with its steps, and the approvals parked runs wait for. */
@ApiTags('flows')
@Controller()
export class FlowRunsController {
  constructor(private readonly runs: FlowRuns) {}

  @Get('integrations/:id/flows/:flowKey/runs')
  @ApiOkResponse({ type: [FlowRunResponse], description: 'The newest 100 runs, with their steps' })
  @AnyMember()
  list(@CurrentMember() me: Member, @Param() p: FlowRunsPathDto, @Query() q: FlowRunsQueryDto): Promise<FlowRunView[]> {
    return answered(this.runs.list(me.tenantId, p.id, p.flowKey, q.status));
  }

  @Get('flows/runs/:runId')
  @ApiOkResponse({ type: FlowRunResponse })
  @AnyMember()
  get(@CurrentMember() me: Member, @Param() p: FlowRunPathDto): Promise<FlowRunView> {
    return answered(this.runs.get(me.tenantId, p.runId));
  }

  @Post('flows/runs/:runId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: FlowRunResponse, description: 'The run, walked on from its approval node' })
  @ApiForbiddenResponse({ description: DECIDE })
  @ApiConflictResponse({ description: 'The run is not awaiting approval (decided, timed out, or never parked there)' })
  @AnyMember()
  approve(
    @CurrentMember() me: Member,
    @Param() p: FlowRunPathDto,
    @Body() body: FlowRunDecisionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<FlowRunView> {
    return this.decide(me, p.runId, 'approved', body.comment, origin);
  }

  @Post('flows/runs/:runId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: FlowRunResponse, description: 'The run, walked on along its rejected edge (or ended)' })
  @ApiForbiddenResponse({ description: DECIDE })
  @ApiConflictResponse({ description: 'The run is not awaiting approval (decided, timed out, or never parked there)' })
  @AnyMember()
  reject(
    @CurrentMember() me: Member,
    @Param() p: FlowRunPathDto,
    @Body() body: FlowRunDecisionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<FlowRunView> {
    return this.decide(me, p.runId, 'rejected', body.comment, origin);
  }

  private decide(
    me: Member,
    runId: string,
    decision: 'approved' | 'rejected',
    comment: string,
    origin: RequestOrigin,
  ): Promise<FlowRunView> {
    const member = { userId: me.userId, role: me.role };
    return answered(this.runs.decide(me.tenantId, runId, { decision, comment, member, origin }));
  }
}
