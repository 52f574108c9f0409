import { ApiProperty } from '@nestjs/swagger';
import { ProbeView } from './probe.service';

/** For the OpenAPI document (the SPA's types come from it); implements what the service returns. */
export class ProbeResponse implements ProbeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) observedTenantId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt: string | null;
}
