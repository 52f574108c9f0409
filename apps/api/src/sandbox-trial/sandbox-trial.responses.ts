import { ApiProperty } from '@nestjs/swagger';
import { TrialResult } from './sandbox-trial.service';

/** For the OpenAPI document (the SPA's types come from it); implements what the service returns. */
export class TrialResultResponse implements TrialResult {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ format: 'uuid' }) xeroConnectionId: string;
  @ApiProperty({ format: 'uuid' }) x3ConnectionId: string;
  @ApiProperty({ type: [String], description: 'The starter flows switched on: records start moving at once' })
  flowsEnabled: string[];
}
