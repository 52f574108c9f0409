import { Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminOnly, AnyMember, Principal } from '#lb/access';
import { CurrentMember } from '../access/current-principal.decorator';
import { ProbeService, ProbeView } from './probe.service';

type Member = Extract<Principal, { kind: 'member' }>;

@ApiTags('diagnostics')
@Controller('diagnostics/probes')
export class ProbeController {
  constructor(private readonly probes: ProbeService) {}

  @Post()
  @AdminOnly()
  start(@CurrentMember() member: Member): Promise<ProbeView> {
    return this.probes.start(member.tenantId);
  }

  @Get(':id')
  @AnyMember()
  get(@CurrentMember() member: Member, @Param('id', ParseUUIDPipe) id: string): Promise<ProbeView> {
    return this.probes.get(member.tenantId, id);
  }
}
