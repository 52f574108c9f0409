import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsUUID } from 'class-validator';
import { INTERVALS, PLAN_IDS } from '#lb/billing';
import type { BillingInterval, PlanId } from '#lb/billing';

export class CheckoutDto {
  @ApiProperty({ enum: PLAN_IDS })
  @IsIn(PLAN_IDS)
  plan: PlanId;

  @ApiProperty({ enum: INTERVALS })
  @IsIn(INTERVALS)
  interval: BillingInterval;
}

export class ActiveIntegrationsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The pairs that keep syncing; the rest are paused for billing',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  integrationIds: string[];
}
