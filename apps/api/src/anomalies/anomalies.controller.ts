import { Controller, ConflictException, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { AnomalyDecisionRefusedError, AnomalyFindingNotFoundError, AnomalyInbox } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { AnomalyFindingPathDto, AnomalyListQueryDto } from './anomalies.dto';
import { AnomalyFindingResponse } from './anomalies.responses';

async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AnomalyFindingNotFoundError) throw new NotFoundException(e.message);
    if (e instanceof AnomalyDecisionRefusedError) throw new ConflictException(e.message);
    throw e;
  }
}

/** The anomaly inbox (libs/sync/src/anomalies): members read; admins approve, reject or mark expected. */
@ApiTags('anomalies')
@Controller('anomalies')
export class AnomaliesController {
  constructor(private readonly inbox: AnomalyInbox) {}

  @Get()
  @ApiOkResponse({ type: [AnomalyFindingResponse] })
  @AnyMember()
  list(@CurrentMember() me: Member, @Query() q: AnomalyListQueryDto): Promise<AnomalyFindingResponse[]> {
    return this.inbox.list(me.tenantId, q);
  }

  @Post(':findingId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: AnomalyFindingResponse, description: 'A held duplicate is written after all' })
  @AdminOnly()
  approve(
    @CurrentMember() me: Member,
    @Param() p: AnomalyFindingPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<AnomalyFindingResponse> {
    return answered(this.inbox.approve(me.tenantId, p.findingId, { actor: actorOf(me), origin }));
  }

  @Post(':findingId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: AnomalyFindingResponse, description: 'A held duplicate is skipped, never written' })
  @AdminOnly()
  reject(
    @CurrentMember() me: Member,
    @Param() p: AnomalyFindingPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<AnomalyFindingResponse> {
    return answered(this.inbox.reject(me.tenantId, p.findingId, { actor: actorOf(me), origin }));
  }

  @Post(':findingId/expect')
  @HttpCode(200)
  @ApiOkResponse({
    type: AnomalyFindingResponse,
    description: "Not an anomaly here: the tenant's rule learns the case",
  })
  @AdminOnly()
  expect(
    @CurrentMember() me: Member,
    @Param() p: AnomalyFindingPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<AnomalyFindingResponse> {
    return answered(this.inbox.expect(me.tenantId, p.findingId, { actor: actorOf(me), origin }));
  }
}
