import { ApiProperty } from '@nestjs/swagger';
import { AppForecast, DayTotals, OrgForecast, RollingUsage, TenantDriver } from '#lb/connectors/xero';
import { OperatorUsageView, OrgUsageView } from './xero-usage.service';

export class XeroRollingUsageResponse implements RollingUsage {
  @ApiProperty({ format: 'date-time' }) windowStart: string;
  @ApiProperty({ format: 'date-time' }) windowEnd: string;
  @ApiProperty({ description: 'Calls in the rolling 24 h' }) calls: number;
  @ApiProperty({ description: 'Response body bytes in the rolling 24 h' }) bytesIn: number;
  @ApiProperty({ description: 'Request body bytes in the rolling 24 h' }) bytesOut: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'X-DayLimit-Remaining as Xero last said, less calls since',
  })
  xeroRemaining: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) xeroReportedAt: string | null;
}

export class XeroUsageDayResponse implements DayTotals {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() calls: number;
  @ApiProperty() bytesIn: number;
  @ApiProperty() bytesOut: number;
}

export class XeroOrgForecastResponse implements OrgForecast {
  @ApiProperty({ description: 'Complete UTC days averaged' }) basisDays: number;
  @ApiProperty({ description: 'Decimal text' }) callsPerDay: string;
  @ApiProperty({ description: 'Whole bytes as text' }) bytesPerDay: string;
  @ApiProperty({ description: 'Whole bytes as text, 30 days' }) bytesPerMonth: string;
  @ApiProperty() plan: string;
  @ApiProperty() planCallsPerDay: number;
  @ApiProperty({ description: 'Whole bytes as text' }) planBytesPerMonth: string;
  @ApiProperty({ description: 'Decimal text, one place' }) callsOfPlanPercent: string;
  @ApiProperty({ description: 'Decimal text, one place' }) bytesOfPlanPercent: string;
  @ApiProperty() overPlan: boolean;
}

export class XeroOrgUsageResponse implements OrgUsageView {
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty({ description: "The organisation's name" }) name: string;
  @ApiProperty({ description: 'Calls per rolling day Xero allows the organisation' }) dayLimit: number;
  @ApiProperty({ type: XeroRollingUsageResponse }) rolling: XeroRollingUsageResponse;
  @ApiProperty() callsLeft: number;
  @ApiProperty({ type: [XeroUsageDayResponse] }) days: XeroUsageDayResponse[];
  @ApiProperty({ type: XeroOrgForecastResponse }) forecast: XeroOrgForecastResponse;
}

export class XeroTenantDriverResponse implements TenantDriver {
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() calls: number;
  @ApiProperty() bytes: number;
}

export class XeroAppForecastResponse implements AppForecast {
  @ApiProperty() tier: string;
  @ApiProperty() basisDays: number;
  @ApiProperty({ description: 'Whole bytes as text, 30 days' }) bytesPerMonth: string;
  @ApiProperty({ type: String, nullable: true }) includedBytesPerMonth: string | null;
  @ApiProperty({ type: String, nullable: true }) bytesOfTierPercent: string | null;
  @ApiProperty({ description: 'Decimal text' }) overageGb: string;
  @ApiProperty({ description: 'AUD, decimal text' }) overageCostAud: string;
}

class XeroAppDayResponse {
  @ApiProperty() calls: number;
  @ApiProperty() bytes: number;
}

export class XeroOperatorUsageResponse implements OperatorUsageView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: XeroAppDayResponse }) app: XeroAppDayResponse;
  @ApiProperty({ type: [XeroTenantDriverResponse] }) tenants: XeroTenantDriverResponse[];
  @ApiProperty({ type: XeroAppForecastResponse }) forecast: XeroAppForecastResponse;
}
