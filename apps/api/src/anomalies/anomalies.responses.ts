import { ApiProperty } from '@nestjs/swagger';
import {
  ANOMALY_KINDS,
  FINDING_STATUSES,
  type AnomalyFindingView,
  type AnomalyKind,
  type FindingStatus,
} from '#lb/sync';

export class AnomalyFindingResponse implements AnomalyFindingView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  integrationId: string;

  @ApiProperty()
  flowKey: string;

  @ApiProperty({ example: 'invoice' })
  entity: string;

  @ApiProperty({ description: "The document's X3 key, or `hour:<ISO hour>` for a volume finding" })
  subject: string;

  @ApiProperty({ enum: ANOMALY_KINDS })
  kind: AnomalyKind;

  @ApiProperty({ enum: FINDING_STATUSES })
  status: FindingStatus;

  @ApiProperty({
    example:
      "same customer ACME, same amount 1,250.00 and date 2026-11-03 as INV-1001 (reference 'PO 4471' vs 'PO4471')",
  })
  explanation: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The figures behind the finding' })
  detail: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, enum: ['approved', 'rejected', 'expected'] })
  resolution: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
