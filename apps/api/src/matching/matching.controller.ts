import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { MatchingService, MatchingView } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { answered } from './matching-errors';
import { ConfirmMatchingDto, MatchingPathDto } from './matching.dto';
import { MatchingResponse } from './matching.responses';

/**
 * First-connection matching: the records Xero already holds paired with X3's, reviewed and
 * confirmed before the sync's first write. Viewers read; admins run (it spends the organisation's
 * Xero calls) and confirm.
 */
@ApiTags('matching')
@Controller('integrations/:integrationId/matching')
export class MatchingController {
  constructor(private readonly matching: MatchingService) {}

  @Get()
  @ApiOkResponse({ type: MatchingResponse })
  @AnyMember()
  view(@CurrentMember() me: Member, @Param() p: MatchingPathDto): Promise<MatchingView> {
    return answered(this.matching.view(me.tenantId, p.integrationId));
  }

  @Post('run')
  @HttpCode(200)
  @ApiOkResponse({ type: MatchingResponse })
  @AdminOnly()
  run(
    @CurrentMember() me: Member,
    @Param() p: MatchingPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<MatchingView> {
    return answered(this.matching.run(me.tenantId, p.integrationId, { actor: actorOf(me), origin }));
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: MatchingResponse })
  @AdminOnly()
  confirm(
    @CurrentMember() me: Member,
    @Param() p: MatchingPathDto,
    @Body() body: ConfirmMatchingDto,
    @Origin() origin: RequestOrigin,
  ): Promise<MatchingView> {
    return answered(
      this.matching.confirm(me.tenantId, p.integrationId, body, { actor: actorOf(me), origin, userId: me.userId }),
    );
  }
}
