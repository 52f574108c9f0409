import { ApiProperty } from '@nestjs/swagger';

export class TriggerQueuedResponse {
  @ApiProperty({ description: 'A poll (and for "run now" a drain) is queued; duplicates are absorbed' })
  queued: boolean;
}

export class NudgeTokenResponse {
  @ApiProperty({ description: 'Shown once: the X3 workflow rule sends it as "Authorization: Bearer <token>"' })
  token: string;
}
