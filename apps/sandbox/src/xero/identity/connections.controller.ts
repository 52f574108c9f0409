import { Controller, Delete, Get, Headers, HttpCode, Param, Query, UseFilters } from '@nestjs/common';
import { XeroExceptionFilter } from '../api/xero-exception.filter';
import { notFound } from '../core/xero-errors';
import { ConnectionsService } from './connections.service';
import { IdentityServer } from './identity-server';

/** api.xero.com/connections: the caller's connections for the token's app (xero-identity.yaml). */
@Controller('connections')
@UseFilters(XeroExceptionFilter)
export class ConnectionsController {
  constructor(
    private readonly identity: IdentityServer,
    private readonly connections: ConnectionsService,
  ) {}

  @Get()
  async list(
    @Headers('authorization') auth: string | undefined,
    @Query('authEventId') authEventId?: string,
  ): Promise<unknown> {
    const caller = await this.identity.verify(auth);
    const valid = authEventId && /^[0-9a-f-]{36}$/i.test(authEventId) ? authEventId : undefined;
    if (authEventId && !valid) return [];
    return this.connections.list(caller.userId, caller.clientId, valid);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Headers('authorization') auth: string | undefined, @Param('id') id: string): Promise<void> {
    const caller = await this.identity.verify(auth);
    if (!(await this.connections.deleteOwn(caller.userId, caller.clientId, id))) throw notFound('Connection not found');
  }
}
