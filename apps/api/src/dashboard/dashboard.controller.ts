import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyMember } from '#lb/access';
import { RecordsPage } from '#lb/sync';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { answered } from '../flows/flow-errors';
import { IntegrationIdPathDto } from '../flows/flows.dto';
import { DashboardQueryDto, RecordsQueryDto } from './dashboard.dto';
import { DashboardResponse, RecordsPageResponse } from './dashboard.responses';
import { DashboardService, DashboardView } from './dashboard.service';

/** An integration's dashboard (what moved, what failed, what waits) and the records behind its counts. */
@ApiTags('dashboard')
@Controller('integrations/:id')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get('dashboard')
  @AnyMember()
  @ApiOkResponse({ type: DashboardResponse })
  dashboard(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Query() q: DashboardQueryDto,
  ): Promise<DashboardView> {
    return answered(this.dashboards.dashboard(me.tenantId, p.id, q));
  }

  /** The integration's changes, newest first: filters and keyset pages (the dashboard's drill-down). */
  @Get('records')
  @AnyMember()
  @ApiOkResponse({ type: RecordsPageResponse })
  records(
    @CurrentMember() me: Member,
    @Param() p: IntegrationIdPathDto,
    @Query() q: RecordsQueryDto,
  ): Promise<RecordsPage> {
    return answered(this.dashboards.list(me.tenantId, p.id, q));
  }
}
