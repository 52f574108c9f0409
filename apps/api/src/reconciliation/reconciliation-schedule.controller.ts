import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPaymentRequiredResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, AnyMember } from '#lb/access';
import { ReconSchedule, ReconSchedules } from '#lb/reconciliation';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered } from './reconciliation-answers';
import { ReconIntegrationPathDto } from './reconciliation.dto';
import { ReconScheduleDto, ReconScheduleEnvelope, ReconScheduleResponse } from './reconciliation-schedule.dto';

const view = (s: ReconSchedule): ReconScheduleResponse => ({
  integrationId: s.integrationId,
  cadence: s.cadence,
  hourUtc: s.hourUtc,
  enabled: s.enabled,
  nextRunAt: s.nextRunAt.toISOString(),
  lastRunId: s.lastRunId,
});

/** When an integration reconciles on its own: viewers read it; admins and owners set or remove it. */
@ApiTags('reconciliation')
@Controller('integrations/:integrationId/reconciliation/schedule')
export class ReconciliationScheduleController {
  constructor(private readonly schedules: ReconSchedules) {}

  @Get()
  @ApiOkResponse({ type: ReconScheduleEnvelope })
  @ApiNotFoundResponse()
  @AnyMember()
  async get(@CurrentMember() me: Member, @Param() p: ReconIntegrationPathDto): Promise<ReconScheduleEnvelope> {
    const s = await answered(this.schedules.get(me.tenantId, p.integrationId));
    return { schedule: s ? view(s) : null };
  }

  @Put()
  @ApiOkResponse({ type: ReconScheduleResponse, description: 'Created or replaced; the next run is computed from now' })
  @ApiNotFoundResponse()
  @ApiPaymentRequiredResponse({ description: 'The plan does not include reconciliation (code plan_limit)' })
  @AdminOnly()
  async set(
    @CurrentMember() me: Member,
    @Param() p: ReconIntegrationPathDto,
    @Body() body: ReconScheduleDto,
  ): Promise<ReconScheduleResponse> {
    return view(await answered(this.schedules.set(me.tenantId, p.integrationId, body, me.userId)));
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The integration reconciles on demand only; its runs stay' })
  @ApiNotFoundResponse()
  @AdminOnly()
  async remove(@CurrentMember() me: Member, @Param() p: ReconIntegrationPathDto): Promise<void> {
    await answered(this.schedules.remove(me.tenantId, p.integrationId));
  }
}
