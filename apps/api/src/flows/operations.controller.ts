import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import {
  DeadLetterDetail,
  DeadLetters,
  DeadLetterView,
  HeldChangeView,
  IntegrationPauses,
  PauseState,
  WaitingChangeView,
} from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { answered } from './flow-errors';
import { DeadLetterPathDto, HeldPathDto, IntegrationIdPathDto, ListQueryDto, ReplayDto } from './flows.dto';
import {
  DeadLetterDetailResponse,
  DeadLetterResponse,
  HeldChangeResponse,
  PauseStateResponse,
  ReplayResultResponse,
  WaitingChangeResponse,
} from './flows.responses';
import { RecentAuth } from './recent-auth.decorator';

/** Running an integration: pause and resume, dead letters and their replay, the "needs an accountant" list. */
@ApiTags('flows')
@Controller('integrations/:id')
export class OperationsController {
  constructor(
    private readonly pauses: IntegrationPauses,
    private readonly letters: DeadLetters,
  ) {}

  /** Stops sync only: token keep-alive, webhook acknowledgement and cursors go on. */
  @Post('pause')
  @HttpCode(200)
  @ApiOkResponse({ type: PauseStateResponse })
  @AdminOnly()
  pause(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PauseState> {
    return answered(this.pauses.pause(me.tenantId, p.id, { actor: actorOf(me), origin, recentAuth: false }));
  }

  /** Removes the user's pause; other reasons (re-authorisation, billing) stay until resolved. */
  @Post('resume')
  @HttpCode(200)
  @ApiOkResponse({ type: PauseStateResponse })
  @AdminOnly()
  resume(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PauseState> {
    return answered(this.pauses.resume(me.tenantId, p.id, { actor: actorOf(me), origin, recentAuth: false }));
  }

  @Get('dead-letters')
  @ApiOkResponse({ type: [DeadLetterResponse] })
  @AnyMember()
  deadLetters(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Query() q: ListQueryDto,
  ): Promise<DeadLetterView[]> {
    return answered(this.letters.list(me.tenantId, p.id, q));
  }

  /** One dead letter with the source record it failed on (sensitive numbers masked). */
  @Get('dead-letters/:deadLetterId')
  @ApiOkResponse({ type: DeadLetterDetailResponse })
  @AnyMember()
  deadLetter(@CurrentMember() me: Member, @Param() p: DeadLetterPathDto): Promise<DeadLetterDetail> {
    return answered(this.letters.deadLetter(me.tenantId, p.id, p.deadLetterId));
  }

  /** Re-reads the source of each and carries it over again; more than one record needs a fresh sign-in. */
  @Post('dead-letters/replay')
  @HttpCode(200)
  @ApiOkResponse({ type: ReplayResultResponse })
  @AdminOnly()
  replay(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Body() body: ReplayDto,
    @Origin() origin: RequestOrigin,
    @RecentAuth() recentAuth: boolean,
  ): Promise<{ replayed: number }> {
    return answered(this.letters.replay(me.tenantId, p.id, body, { actor: actorOf(me), origin, recentAuth }));
  }

  /** Changes waiting on a prerequisite (a missing record, or a lookup entry: "waiting for mapping"). */
  @Get('waiting')
  @ApiOkResponse({ type: [WaitingChangeResponse] })
  @AnyMember()
  waiting(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Query() q: ListQueryDto,
  ): Promise<WaitingChangeView[]> {
    return answered(this.letters.waiting(me.tenantId, p.id, q));
  }

  /** The "needs an accountant" list, each with the adjustment we propose. */
  @Get('held')
  @ApiOkResponse({ type: [HeldChangeResponse] })
  @AnyMember()
  held(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Query() q: ListQueryDto,
  ): Promise<HeldChangeView[]> {
    return answered(this.letters.held(me.tenantId, p.id, q));
  }

  /** A deletion held for approval is voided (or archived) in Xero by the drain; needs a fresh sign-in. */
  @Post('held/:heldId/approve')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Approved: the drain voids the Xero record unless it is paid or locked' })
  @AdminOnly()
  approve(
    @CurrentMember() me: Member,
    @Param() p: HeldPathDto,
    @Origin() origin: RequestOrigin,
    @RecentAuth() recentAuth: boolean,
  ): Promise<void> {
    return answered(this.letters.approve(me.tenantId, p.id, p.heldId, { actor: actorOf(me), origin, recentAuth }));
  }

  @Post('held/:heldId/dismiss')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Closed without writing anything (settled by hand)' })
  @AdminOnly()
  dismiss(@CurrentMember() me: Member, @Param() p: HeldPathDto, @Origin() origin: RequestOrigin): Promise<void> {
    return answered(
      this.letters.dismiss(me.tenantId, p.id, p.heldId, { actor: actorOf(me), origin, recentAuth: false }),
    );
  }
}
