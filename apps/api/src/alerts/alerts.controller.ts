import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { AlertRuleInvalidError, AlertRuleNotFoundError, AlertRules } from '#lb/sync';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { AlertListQueryDto, AlertRulePathDto, CreateAlertRuleDto } from './alerts.dto';
import { AlertResponse, AlertRuleResponse, CreatedAlertRuleResponse } from './alerts.responses';

async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AlertRuleNotFoundError) throw new NotFoundException(e.message);
    if (e instanceof AlertRuleInvalidError) throw new BadRequestException(e.message);
    throw e;
  }
}

/** The tenant's alert rules (admins change, members read) and its alerts. */
@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly rules: AlertRules) {}

  @Get()
  @ApiOkResponse({ type: [AlertResponse] })
  @AnyMember()
  alerts(@CurrentMember() me: Member, @Query() q: AlertListQueryDto): Promise<AlertResponse[]> {
    return this.rules.alerts(me.tenantId, q.state);
  }

  @Get('rules')
  @ApiOkResponse({ type: [AlertRuleResponse] })
  @AnyMember()
  list(@CurrentMember() me: Member): Promise<AlertRuleResponse[]> {
    return this.rules.list(me.tenantId);
  }

  @Post('rules')
  @ApiCreatedResponse({ type: CreatedAlertRuleResponse })
  @AdminOnly()
  create(
    @CurrentMember() me: Member,
    @Body() body: CreateAlertRuleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedAlertRuleResponse> {
    return answered(this.rules.create(me.tenantId, body, { actor: actorOf(me), origin }));
  }

  @Get('rules/:ruleId')
  @ApiOkResponse({ type: AlertRuleResponse })
  @AnyMember()
  get(@CurrentMember() me: Member, @Param() p: AlertRulePathDto): Promise<AlertRuleResponse> {
    return answered(this.rules.get(me.tenantId, p.ruleId));
  }

  @Delete('rules/:ruleId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @AdminOnly()
  remove(@CurrentMember() me: Member, @Param() p: AlertRulePathDto, @Origin() origin: RequestOrigin): Promise<void> {
    return answered(this.rules.remove(me.tenantId, p.ruleId, { actor: actorOf(me), origin }));
  }
}
