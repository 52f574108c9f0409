import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { ReportingKeys } from '#lb/reporting';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { RequiresRecentAuth } from '../auth/recent-auth.guard';
import { Origin } from '../auth/request-origin';
import { answered } from './reporting-answers';
import { describeViews } from './reporting-catalogue';
import { CreateReportingKeyDto, ReportingKeyPathDto } from './reporting.dto';
import { CreatedReportingKeyResponse, ReportingKeyResponse, ReportingViewResponse } from './reporting.responses';

/**
 * Reporting keys, from the SPA: admins and owners list, create (after a fresh sign-in: a key is a
 * credential) and revoke them; any member reads which views exist.
 */
@ApiTags('reporting')
@Controller('reporting')
export class ReportingKeysController {
  constructor(private readonly keys: ReportingKeys) {}

  @Get('views')
  @ApiOkResponse({ type: [ReportingViewResponse] })
  @AnyMember()
  views(): ReportingViewResponse[] {
    return describeViews();
  }

  @Get('keys')
  @ApiOkResponse({ type: [ReportingKeyResponse], description: 'Newest first, revoked ones included' })
  @AdminOnly()
  list(@CurrentMember() me: Member): Promise<ReportingKeyResponse[]> {
    return this.keys.list(me.tenantId);
  }

  @Post('keys')
  @ApiCreatedResponse({ type: CreatedReportingKeyResponse })
  @ApiConflictResponse({ description: 'Too many active keys' })
  @AdminOnly()
  @RequiresRecentAuth()
  create(
    @CurrentMember() me: Member,
    @Body() body: CreateReportingKeyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedReportingKeyResponse> {
    return answered(this.keys.create(me.tenantId, body.name.trim(), { actor: actorOf(me), origin, userId: me.userId }));
  }

  @Post('keys/:keyId/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportingKeyResponse })
  @ApiNotFoundResponse()
  @AdminOnly()
  revoke(
    @CurrentMember() me: Member,
    @Param() p: ReportingKeyPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<ReportingKeyResponse> {
    return answered(this.keys.revoke(me.tenantId, p.keyId, { actor: actorOf(me), origin, userId: me.userId }));
  }
}
