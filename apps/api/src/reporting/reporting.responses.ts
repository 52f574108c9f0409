import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReportingKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "The key's first characters, to recognise it; never enough to use it" })
  keyPrefix: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedReportingKeyResponse extends ReportingKeyResponse {
  @ApiProperty({ description: 'Shown once: the BI tool sends it as "Authorization: Bearer <key>"' })
  key: string;
}

export class ReportingColumnResponse {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['uuid', 'text', 'integer', 'decimal', 'timestamp', 'date', 'json'] }) type: string;
  @ApiProperty() description: string;
}

export class ReportingViewResponse {
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Whether ?integration= filters it' }) perIntegration: boolean;
  @ApiProperty({ type: [ReportingColumnResponse] }) columns: ReportingColumnResponse[];
}

export class ReportingPageResponse {
  @ApiProperty() view: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Rows in the order they were made; decimals as text, times as UTC ISO-8601',
  })
  rows: Array<Record<string, unknown>>;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor: string | null;
}
