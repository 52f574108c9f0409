import { Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, AnyMember } from '#lb/access';
import { CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { ProbeResponse } from './probe.responses';
import { ProbeService, ProbeView } from './probe.service';

@ApiTags('diagnostics')
@Controller('diagnostics/probes')
export class ProbeController {
  constructor(private readonly probes: ProbeService) {}

  @Post()
  @ApiCreatedResponse({ type: ProbeResponse })
  @AdminOnly()
  start(@CurrentMember() member: Member): Promise<ProbeView> {
    return this.probes.start(member.tenantId);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProbeResponse })
  @AnyMember()
  get(@CurrentMember() member: Member, @Param('id', ParseUUIDPipe) id: string): Promise<ProbeView> {
    return this.probes.get(member.tenantId, id);
  }
}
