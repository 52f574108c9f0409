import { Body, Controller, HttpCode, Get, Headers, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { Doc } from '../db/entity-store';
import { AccountingReads, Query as Q } from './accounting-reads.service';
import { AccountingWrites } from './accounting-writes.service';
import { ResourceName, XeroCtx, XeroRequestContext } from './xero-context';
import { XeroExceptionFilter } from './xero-exception.filter';

/** Organisation, settings lists, Contacts and Items. */
@Controller('api.xro/2.0')
@UseFilters(XeroExceptionFilter)
export class SettingsContactsController {
  constructor(
    private readonly reads: AccountingReads,
    private readonly writes: AccountingWrites,
  ) {}

  @Get('Organisation')
  getOrganisations(@XeroCtx() ctx: XeroRequestContext): Promise<Doc> {
    return this.reads.organisation(ctx);
  }

  @Get(['Accounts', 'TaxRates', 'Currencies', 'TrackingCategories'])
  getSettings(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Query() q: Q,
    @Headers('if-modified-since') ims?: string,
  ): Promise<Doc> {
    return this.reads.list(ctx, resource, q, ims);
  }

  @Get('Contacts')
  getContacts(
    @XeroCtx() ctx: XeroRequestContext,
    @Query() q: Q,
    @Headers('if-modified-since') ims?: string,
  ): Promise<Doc> {
    return this.reads.list(ctx, 'Contacts', q, ims);
  }

  @Get('Contacts/:id')
  getContact(@XeroCtx() ctx: XeroRequestContext, @Param('id') id: string, @Query() q: Q): Promise<Doc> {
    return this.reads.one(ctx, 'Contacts', id, q);
  }

  @Put('Contacts')
  createContacts(
    @XeroCtx() ctx: XeroRequestContext,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    return this.writes.contacts(ctx, body, 'create', se);
  }

  @Post('Contacts')
  @HttpCode(200)
  updateOrCreateContacts(
    @XeroCtx() ctx: XeroRequestContext,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    return this.writes.contacts(ctx, body, 'upsert', se);
  }

  @Post('Contacts/:id')
  @HttpCode(200)
  updateContact(@XeroCtx() ctx: XeroRequestContext, @Param('id') id: string, @Body() body: Doc): Promise<Doc> {
    return this.writes.updateContact(ctx, id, body);
  }

  @Get('Items')
  getItems(
    @XeroCtx() ctx: XeroRequestContext,
    @Query() q: Q,
    @Headers('if-modified-since') ims?: string,
  ): Promise<Doc> {
    return this.reads.list(ctx, 'Items', q, ims);
  }

  @Put('Items')
  createItems(@XeroCtx() ctx: XeroRequestContext, @Body() body: Doc, @Query() q: Q): Promise<Doc> {
    return this.writes.items(ctx, body, 'create', q);
  }

  @Post('Items')
  @HttpCode(200)
  updateOrCreateItems(@XeroCtx() ctx: XeroRequestContext, @Body() body: Doc, @Query() q: Q): Promise<Doc> {
    return this.writes.items(ctx, body, 'upsert', q);
  }
}
