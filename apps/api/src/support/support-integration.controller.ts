import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { SupportService } from '#lb/accounts';
import { StaffOnly } from '#lb/access';
import {
  ActivityLine,
  DeadLetterDetail,
  DeadLetters,
  DeadLetterView,
  HeldChangeView,
  recentActivityIn,
  RecordEventView,
  RecordTrail,
  RunView,
  TrailPage,
  WaitingChangeView,
} from '#lb/sync';
import { EntityManager } from 'typeorm';
import { originOf } from '../auth/request-origin';
import { answered } from '../flows/flow-errors';
import { ListQueryDto } from '../flows/flows.dto';
import {
  DeadLetterDetailResponse,
  DeadLetterResponse,
  HeldChangeResponse,
  WaitingChangeResponse,
} from '../flows/flows.responses';
import { found } from '../trail/trail.controller';
import { RunsQueryDto, TrailQueryDto } from '../trail/trail.dto';
import { RecordEventResponse, RunDetailResponse, RunsPageResponse, TrailPageResponse } from '../trail/trail.responses';
import {
  SupportDeadLetterPathDto,
  SupportIntegrationPathDto,
  SupportRecordPathDto,
  SupportRunPathDto,
} from './staff.dto';
import { staffOf } from './support-staff';
import { SupportActivityLineResponse } from './support.responses';

/**
 * One integration of a tenant, as support reads it: the tenant's own operations reads (the same
 * services, in the tenant's context, in a read-only transaction) behind the caller's live grant.
 * Another tenant's integration id is not found (404) like on the tenant's routes; so is a run or
 * record of another integration.
 */
@ApiTags('support')
@Controller('support/tenants/:tenantId/integrations/:integrationId')
@StaffOnly()
export class SupportIntegrationController {
  constructor(
    private readonly support: SupportService,
    private readonly letters: DeadLetters,
    private readonly trail: RecordTrail,
  ) {}

  /** The run log: one row per drain run, newest first. */
  @Get('runs')
  @ApiOkResponse({ type: RunsPageResponse })
  runs(
    @Req() req: Request,
    @Param() p: SupportIntegrationPathDto,
    @Query() q: RunsQueryDto,
  ): Promise<TrailPage<RunView>> {
    return found(this.under(req, p, 'runs', (m) => this.trail.runsIn(m, p.tenantId, p.integrationId, q)));
  }

  /** One run and its log lines (the record events it wrote), oldest first. */
  @Get('runs/:runId')
  @ApiOkResponse({ type: RunDetailResponse })
  run(@Req() req: Request, @Param() p: SupportRunPathDto): Promise<RunView & { events: RecordEventView[] }> {
    return found(this.under(req, p, 'run', (m) => this.trail.runIn(m, p.integrationId, p.runId)));
  }

  @Get('trail')
  @ApiOkResponse({ type: TrailPageResponse })
  search(
    @Req() req: Request,
    @Param() p: SupportIntegrationPathDto,
    @Query() q: TrailQueryDto,
  ): Promise<TrailPage<RecordEventView>> {
    return found(this.under(req, p, 'record_trail', (m) => this.trail.searchIn(m, p.integrationId, q)));
  }

  /** Every event of one record, with its payloads before and after mapping (masked). */
  @Get('trail/:recordKey')
  @ApiOkResponse({ type: [RecordEventResponse] })
  record(@Req() req: Request, @Param() p: SupportRecordPathDto): Promise<RecordEventView[]> {
    return found(this.under(req, p, 'record_trail', (m) => this.trail.recordIn(m, p.integrationId, p.recordKey)));
  }

  /** The most recently settled changes, newest first, with the target's words: today's run log. */
  @Get('activity')
  @ApiOkResponse({ type: [SupportActivityLineResponse] })
  activity(
    @Req() req: Request,
    @Param() p: SupportIntegrationPathDto,
    @Query() q: ListQueryDto,
  ): Promise<ActivityLine[]> {
    return this.under(req, p, 'sync_activity', (m) => recentActivityIn(m, p.integrationId, q));
  }

  @Get('dead-letters')
  @ApiOkResponse({ type: [DeadLetterResponse] })
  deadLetters(
    @Req() req: Request,
    @Param() p: SupportIntegrationPathDto,
    @Query() q: ListQueryDto,
  ): Promise<DeadLetterView[]> {
    return this.under(req, p, 'dead_letters', (m) => this.letters.listIn(m, p.integrationId, q));
  }

  /** One dead letter with its source record, bank and tax numbers masked. */
  @Get('dead-letters/:deadLetterId')
  @ApiOkResponse({ type: DeadLetterDetailResponse })
  deadLetter(@Req() req: Request, @Param() p: SupportDeadLetterPathDto): Promise<DeadLetterDetail> {
    return this.under(req, p, 'dead_letter', (m) => this.letters.deadLetterIn(m, p.integrationId, p.deadLetterId));
  }

  @Get('waiting')
  @ApiOkResponse({ type: [WaitingChangeResponse] })
  waiting(
    @Req() req: Request,
    @Param() p: SupportIntegrationPathDto,
    @Query() q: ListQueryDto,
  ): Promise<WaitingChangeView[]> {
    return this.under(req, p, 'waiting_changes', (m) => this.letters.waitingIn(m, p.integrationId, q));
  }

  @Get('held')
  @ApiOkResponse({ type: [HeldChangeResponse] })
  held(
    @Req() req: Request,
    @Param() p: SupportIntegrationPathDto,
    @Query() q: ListQueryDto,
  ): Promise<HeldChangeView[]> {
    return this.under(req, p, 'held_changes', (m) => this.letters.heldIn(m, p.integrationId, q));
  }

  /** A read of the tenant's integration under the caller's live grant (403 without), audited once per grant. */
  private under<T>(
    req: Request,
    p: SupportIntegrationPathDto,
    what: string,
    read: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    const target = { what, targetId: p.integrationId };
    return answered(this.support.read(staffOf(req), p.tenantId, target, originOf(req), read));
  }
}
