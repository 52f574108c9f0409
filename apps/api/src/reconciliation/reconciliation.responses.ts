import { ApiProperty } from '@nestjs/swagger';
import { DIFFERENCE_CLASSES, type DifferenceClass } from '#lb/reconciliation';

class SideValuesResponse {
  @ApiProperty()
  recordKey: string;
  @ApiProperty({ type: String, nullable: true })
  counterparty: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  documentDate: string | null;
  @ApiProperty({ type: String, nullable: true })
  currency: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decimal text' })
  total: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Decimal text' })
  amountDue: string | null;
  @ApiProperty({ type: String, nullable: true })
  status: string | null;
}

class SuggestedFixResponse {
  @ApiProperty({ enum: ['resend-x3', 'create-in-x3', 'void-duplicate', 'credit-note', 'add-mapping', 'none'] })
  action: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ required: false })
  target?: string;
  @ApiProperty({ required: false, description: 'Decimal text' })
  amount?: string;
}

export class ReconRunResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  integrationId: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] })
  state: string;
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  requestedByUserId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Differences per class, and compared',
  })
  counts: Record<string, number>;
  @ApiProperty({ type: String, nullable: true })
  failure: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

export class ReconDifferenceResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: DIFFERENCE_CLASSES })
  differenceClass: DifferenceClass;
  @ApiProperty()
  entity: string;
  @ApiProperty()
  matchKey: string;
  @ApiProperty({ type: [SideValuesResponse] })
  x3: SideValuesResponse[];
  @ApiProperty({ type: [SideValuesResponse] })
  xero: SideValuesResponse[];
  @ApiProperty()
  likelyCause: string;
  @ApiProperty({ type: SuggestedFixResponse })
  fix: SuggestedFixResponse;
  @ApiProperty({ enum: ['open', 'approved', 'applied', 'dismissed'] })
  state: string;
}

class DifferenceGroupResponse {
  @ApiProperty({ enum: DIFFERENCE_CLASSES })
  differenceClass: DifferenceClass;
  @ApiProperty({ description: 'All of the class; at most 200 are listed' })
  count: number;
  @ApiProperty({ type: [ReconDifferenceResponse] })
  differences: ReconDifferenceResponse[];
}

export class ReconRunDetailResponse {
  @ApiProperty({ type: ReconRunResponse })
  run: ReconRunResponse;
  @ApiProperty({ type: [DifferenceGroupResponse] })
  groups: DifferenceGroupResponse[];
}
