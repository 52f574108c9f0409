import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Response } from 'express';
import { CallLog } from '../api/call-log';
import { XeroExceptionFilter } from '../api/xero-exception.filter';
import { XeroHttpError, badRequest } from '../core/xero-errors';
import { Doc } from '../db/entity-store';
import { escapeHtml } from '../identity/oidc-provider.factory';
import { ConnectionsService } from '../identity/connections.service';
import { OrganisationsService } from '../orgs/organisations.service';
import { LockDatesInput } from './control.service';
import { text } from '../core/json';
import { SEED_COUNTRIES, SeedCountry } from '../orgs/seed-charts';
import { ControlService, EditTarget } from './control.service';

/**
 * The sandbox's control API. Creating a try-mode organisation is open (quota per demo user);
 * everything under an organisation needs that organisation's control token as a Bearer token.
 */
@Controller('xero-control')
@UseFilters(XeroExceptionFilter)
export class ControlController {
  constructor(
    private readonly control: ControlService,
    private readonly orgs: OrganisationsService,
    private readonly connections: ConnectionsService,
    private readonly callLog: CallLog,
  ) {}

  @Get('clock')
  clock(): unknown {
    return this.control.clockState();
  }

  @Post('organisations')
  async create(
    @Body() body: { userEmail?: string; country?: SeedCountry; name?: string; days?: number },
  ): Promise<unknown> {
    const email = String(body?.userEmail ?? '');
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest('userEmail is required');
    const country = SEED_COUNTRIES.find((c) => c === body?.country) ?? 'NZ';
    return this.orgs.createForUser(email, country, body?.name, body?.days);
  }

  /** Sign in as a demo user to get the control tokens of their organisations (seeded ones included). */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: { email?: string; password?: string }): Promise<unknown> {
    const orgs = await this.orgs.controlAccess(String(body?.email ?? ''), String(body?.password ?? ''));
    if (!orgs)
      throw new XeroHttpError(401, { Title: 'Unauthorized', Status: 401, Detail: 'Email or password is incorrect' });
    return { organisations: orgs };
  }

  @Get('organisations/:id')
  async get(@Param('id', ParseUUIDPipe) id: string, @Headers('authorization') auth?: string): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.orgs.summary(id);
  }

  @Delete('organisations/:id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string, @Headers('authorization') auth?: string): Promise<void> {
    await this.control.authorise(id, auth);
    await this.control.deleteOrganisation(id);
  }

  /** Test switches, e.g. {"invoiceNumbersUnique": false} so a duplicate write can be counted. */
  @Post('organisations/:id/settings')
  @HttpCode(200)
  async settings(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.setSettings(id, body ?? {});
  }

  @Post('organisations/:id/faults')
  async fault(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.armFault(id, body ?? {});
  }

  @Get('organisations/:id/faults')
  async faults(@Param('id', ParseUUIDPipe) id: string, @Headers('authorization') auth?: string): Promise<unknown> {
    await this.control.authorise(id, auth);
    return { faults: this.control.listFaults(id) };
  }

  @Delete('organisations/:id/faults')
  @HttpCode(204)
  async clearFaults(@Param('id', ParseUUIDPipe) id: string, @Headers('authorization') auth?: string): Promise<void> {
    await this.control.authorise(id, auth);
    this.control.clearFaults(id);
  }

  @Post('organisations/:id/rate-limit')
  async rateLimit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.forceRateLimit(id, body ?? {});
  }

  /**
   * Every Accounting API call to the organisation that reached the rate limiter (all apps), in
   * pages after a seq: how hard the apps really pushed it, for soaks that must not trust their own meters.
   */
  @Get('organisations/:id/calls')
  async calls(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    const from = Number(after ?? 0);
    const size = Number(limit ?? 10_000);
    if (!Number.isSafeInteger(from) || from < 0) throw badRequest('after must be a non-negative integer');
    if (!Number.isSafeInteger(size) || size < 1 || size > 50_000) throw badRequest('limit must be 1 to 50000');
    return this.callLog.since(id.toLowerCase(), from, size);
  }

  @Post('organisations/:id/revoke-tokens')
  async revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.revokeTokens(id, text(body?.clientId));
  }

  @Get('organisations/:id/connected-apps')
  async connectedApps(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.connections.connectedApps(id);
  }

  @Post('organisations/:id/connected-apps/:clientId/disconnect')
  async disconnect(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('clientId') clientId: string,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return { removedConnections: await this.control.disconnectApp(id, clientId) };
  }

  /** Xero's Settings → Connected Apps screen. The control token rides in the query (sandbox only). */
  @Get('organisations/:id/connected-apps-page')
  async page(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('token') token: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.control.authorise(id, `Bearer ${token}`);
    const apps = await this.connections.connectedApps(id);
    const rows = apps
      .map(
        (a) =>
          `<li>${escapeHtml(a.name)} <form method="post" action="/xero-control/organisations/${id}/connected-apps/${encodeURIComponent(a.client_id)}/disconnect-form?token=${encodeURIComponent(token)}" style="display:inline"><button type="submit">Disconnect ${escapeHtml(a.name)}</button></form></li>`,
      )
      .join('');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Connected Apps | Xero sandbox</title></head><body><main><h1>Connected Apps</h1>${rows ? `<ul>${rows}</ul>` : '<p>No apps are connected.</p>'}</main></body></html>`,
      );
  }

  @Post('organisations/:id/connected-apps/:clientId/disconnect-form')
  async disconnectForm(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('clientId') clientId: string,
    @Query('token') token: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.control.authorise(id, `Bearer ${token}`);
    await this.control.disconnectApp(id, clientId);
    res.redirect(303, `/xero-control/organisations/${id}/connected-apps-page?token=${encodeURIComponent(token)}`);
  }

  @Post('organisations/:id/edits/:target')
  async createByUser(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('target') target: EditTarget,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.userEdit(id, checkTarget(target), undefined, body ?? {});
  }

  @Post('organisations/:id/edits/:target/:entityId')
  async editByUser(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('target') target: EditTarget,
    @Param('entityId') entityId: string,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.userEdit(id, checkTarget(target), entityId, body ?? {});
  }

  /** An invoice edited without moving its UpdatedDateUTC and without a webhook (see ControlService). */
  @Post('organisations/:id/silent-edits/invoices/:entityId')
  async silentInvoiceEdit(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entityId', ParseUUIDPipe) entityId: string,
    @Body() body: Doc,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.silentInvoiceEdit(id, entityId, body ?? {});
  }

  /** Kept for callers of the first control API: the period lock date alone. */
  @Post('organisations/:id/period-lock')
  async periodLock(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: { date?: string | null },
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.setLockDates(id, { periodLockDate: body?.date ?? null });
  }

  @Post('organisations/:id/lock-dates')
  async lockDates(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LockDatesInput,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.setLockDates(id, body ?? {});
  }

  @Post('organisations/:id/clock/advance')
  async advance(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: { seconds?: number },
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    await this.control.authorise(id, auth);
    return this.control.advanceClock(Number(body?.seconds));
  }
}

function checkTarget(target: string): EditTarget {
  if (!['contacts', 'invoices', 'credit-notes'].includes(target)) {
    throw new XeroHttpError(404, { Message: 'Edits exist for contacts, invoices and credit-notes' });
  }
  return target as EditTarget;
}
