import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '#lb/access';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { DevMailbox, devMailViewerEnabled, DevMailView } from './dev-mailbox';

export class DevMailResponse implements DevMailView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  to: string;

  @ApiProperty()
  subject: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  queuedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
}

/** The development mail viewer: what the email outbox would have sent. 404 in production. */
@ApiTags('alerts')
@Controller('dev/mails')
export class DevMailsController {
  constructor(
    private readonly mailbox: DevMailbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: [DevMailResponse] })
  @AdminOnly()
  list(@CurrentMember() me: Member): Promise<DevMailResponse[]> {
    if (!devMailViewerEnabled(this.config.APP_ENV)) throw new NotFoundException();
    return this.mailbox.list(me.tenantId);
  }
}
