import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, AnyMember } from '#lb/access';
import { LedgerSettings } from '#lb/reconciliation';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered } from './reconciliation-answers';
import { ReconIntegrationPathDto } from './reconciliation.dto';
import { LedgerSettingsDto, LedgerSettingsEnvelope, LedgerSettingsResponse } from './reconciliation-ledger.dto';

/** The GL comparison's settings: viewers read them; admins and owners set or remove them. */
@ApiTags('reconciliation')
@Controller('integrations/:integrationId/reconciliation/ledger-settings')
export class ReconciliationLedgerController {
  constructor(private readonly settings: LedgerSettings) {}

  @Get()
  @ApiOkResponse({ type: LedgerSettingsEnvelope })
  @ApiNotFoundResponse()
  @AnyMember()
  async get(@CurrentMember() me: Member, @Param() p: ReconIntegrationPathDto): Promise<LedgerSettingsEnvelope> {
    return { settings: await answered(this.settings.get(me.tenantId, p.integrationId)) };
  }

  @Put()
  @ApiOkResponse({ type: LedgerSettingsResponse, description: 'Created or replaced; the next run uses them' })
  @ApiBadRequestResponse({ description: 'Not a day, an account that is not an X3 code, or one given as both' })
  @ApiNotFoundResponse()
  @AdminOnly()
  set(
    @CurrentMember() me: Member,
    @Param() p: ReconIntegrationPathDto,
    @Body() body: LedgerSettingsDto,
  ): Promise<LedgerSettingsResponse> {
    return answered(this.settings.set(me.tenantId, p.integrationId, body, me.userId));
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The runs compare no GL from now on; earlier runs keep theirs' })
  @ApiNotFoundResponse()
  @AdminOnly()
  async remove(@CurrentMember() me: Member, @Param() p: ReconIntegrationPathDto): Promise<void> {
    await answered(this.settings.remove(me.tenantId, p.integrationId));
  }
}
