import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyMember, StaffOnly } from '#lb/access';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { OperatorUsageQueryDto, TenantUsageQueryDto } from './xero-usage.dto';
import { XeroOperatorUsageResponse, XeroOrgUsageResponse } from './xero-usage.responses';
import { OperatorUsageView, OrgUsageView, XeroUsageService } from './xero-usage.service';

/** The customer's Xero usage: their organisations' calls and bytes, budget left and forecast. */
@ApiTags('xero-usage')
@Controller('xero-usage')
export class XeroUsageController {
  constructor(private readonly usage: XeroUsageService) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: [XeroOrgUsageResponse] })
  list(@CurrentMember() me: Member, @Query() q: TenantUsageQueryDto): Promise<OrgUsageView[]> {
    return this.usage.forTenant(me.tenantId, q.days ?? 14);
  }
}

/** The operators' view: the tenants that drive the app's Xero cost, and the tier forecast. */
@ApiTags('support')
@Controller('support/xero-usage')
@StaffOnly()
export class XeroOperatorUsageController {
  constructor(private readonly usage: XeroUsageService) {}

  @Get()
  @ApiOkResponse({ type: XeroOperatorUsageResponse })
  drivers(@Query() q: OperatorUsageQueryDto): Promise<OperatorUsageView> {
    return this.usage.forOperators(q.date, q.limit ?? 20, q.tenantId);
  }
}
