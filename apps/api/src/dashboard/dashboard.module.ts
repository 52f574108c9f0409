import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { TenantDashboardController } from './tenant-dashboard.controller';

/** The dashboard and its drill-down (docs/architecture.md, "Dashboard"). */
@Module({
  controllers: [DashboardController, TenantDashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
