import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches, MaxLength } from 'class-validator';

/** A flow key as FlowVersions stores it: lower-case words joined by '-'. */
const FLOW_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class IntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class FlowPathDto extends IntegrationPathDto {
  @ApiProperty({ example: 'invoices' })
  @Matches(FLOW_KEY, { message: "flowKey must be lower-case words joined by '-'" })
  @MaxLength(63)
  flowKey: string;
}
