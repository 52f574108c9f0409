import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { CreatedResponse, IntegrationResponse } from './connections.responses';
import { IntegrationsService, IntegrationView } from './integrations.service';

export class CreateIntegrationDto {
  @ApiProperty({ maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  xeroConnectionId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  x3ConnectionId: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{1,10}$' })
  @Matches(/^[A-Za-z0-9_-]{1,10}$/, { message: 'x3Company must be an X3 company code' })
  x3Company: string;
}

export class RepointIntegrationDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  xeroConnectionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  x3ConnectionId?: string;

  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9_-]{1,10}$' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,10}$/, { message: 'x3Company must be an X3 company code' })
  x3Company?: string;
}

@ApiTags('integrations')
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @ApiOkResponse({ type: [IntegrationResponse] })
  @AnyMember()
  list(@CurrentMember() me: Member): Promise<IntegrationView[]> {
    return this.integrations.list(me.tenantId);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedResponse })
  @AdminOnly()
  create(
    @CurrentMember() me: Member,
    @Body() body: CreateIntegrationDto,
    @Origin() origin: RequestOrigin,
  ): Promise<{ id: string }> {
    return this.integrations.create(me.tenantId, body, actorOf(me), origin);
  }

  /** Switch an integration to other connections (e.g. from the sandbox to the real systems); its settings stay. */
  @Patch(':id')
  @HttpCode(204)
  @AdminOnly()
  repoint(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RepointIntegrationDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.integrations.repoint(me.tenantId, id, body, actorOf(me), origin);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  remove(
    @CurrentMember() me: Member,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.integrations.remove(me.tenantId, id, actorOf(me), origin);
  }
}
