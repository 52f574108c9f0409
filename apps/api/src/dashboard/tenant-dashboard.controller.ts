import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyMember } from '#lb/access';
import { TenantDashboardFigures } from '#lb/sync';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered } from '../flows/flow-errors';
import { DashboardQueryDto } from './dashboard.dto';
import { TenantDashboardResponse } from './dashboard.responses';
import { DashboardService } from './dashboard.service';

/** The tenant-wide dashboard: every integration's figures together, and one row per integration. */
@ApiTags('dashboard')
@Controller('dashboard')
export class TenantDashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: TenantDashboardResponse })
  dashboard(@CurrentMember() me: Member, @Query() q: DashboardQueryDto): Promise<TenantDashboardFigures> {
    return answered(this.dashboards.tenantDashboard(me.tenantId, q));
  }
}
