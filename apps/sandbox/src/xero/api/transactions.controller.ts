import { Body, Controller, HttpCode, Get, Headers, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { Doc } from '../db/entity-store';
import { AccountingReads, Query as Q } from './accounting-reads.service';
import { AccountingWrites } from './accounting-writes.service';
import { ResourceName, XeroCtx, XeroRequestContext } from './xero-context';
import { XeroExceptionFilter } from './xero-exception.filter';

/** Invoices, CreditNotes (with allocations), PurchaseOrders, Payments, ManualJournals. */
@Controller('api.xro/2.0')
@UseFilters(XeroExceptionFilter)
export class TransactionsController {
  constructor(
    private readonly reads: AccountingReads,
    private readonly writes: AccountingWrites,
  ) {}

  @Get(['Invoices', 'CreditNotes', 'PurchaseOrders', 'Payments', 'ManualJournals'])
  list(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Query() q: Q,
    @Headers('if-modified-since') ims?: string,
  ): Promise<Doc> {
    return this.reads.list(ctx, resource, q, ims);
  }

  @Get(['Invoices/:id', 'CreditNotes/:id', 'PurchaseOrders/:id', 'Payments/:id', 'ManualJournals/:id'])
  one(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Param('id') id: string,
    @Query() q: Q,
  ): Promise<Doc> {
    return this.reads.one(ctx, resource, id, q);
  }

  @Put(['Invoices', 'CreditNotes', 'PurchaseOrders'])
  create(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Body() body: Doc,
    @Query() q: Q,
  ): Promise<Doc> {
    return this.writes.documents(ctx, resource, body, 'create', q);
  }

  @Post(['Invoices', 'CreditNotes', 'PurchaseOrders'])
  @HttpCode(200)
  upsert(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Body() body: Doc,
    @Query() q: Q,
  ): Promise<Doc> {
    return this.writes.documents(ctx, resource, body, 'upsert', q);
  }

  @Post(['Invoices/:id', 'CreditNotes/:id', 'PurchaseOrders/:id'])
  @HttpCode(200)
  update(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Param('id') id: string,
    @Body() body: Doc,
    @Query() q: Q,
  ): Promise<Doc> {
    return this.writes.updateDocument(ctx, resource, id, body, q);
  }

  @Put('CreditNotes/:id/Allocations')
  createCreditNoteAllocation(
    @XeroCtx() ctx: XeroRequestContext,
    @Param('id') id: string,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    return this.writes.allocations(ctx, id, body, se);
  }

  @Put('Payments')
  createPayments(
    @XeroCtx() ctx: XeroRequestContext,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    return this.writes.payments(ctx, body, se);
  }

  @Post('Payments')
  @HttpCode(200)
  createPayment(@XeroCtx() ctx: XeroRequestContext, @Body() body: Doc): Promise<Doc> {
    return this.writes.payment(ctx, body);
  }

  @Post('Payments/:id')
  @HttpCode(200)
  deletePayment(@XeroCtx() ctx: XeroRequestContext, @Param('id') id: string, @Body() body: Doc): Promise<Doc> {
    return this.writes.deletePayment(ctx, id, body);
  }

  @Put('ManualJournals')
  createManualJournals(
    @XeroCtx() ctx: XeroRequestContext,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    return this.writes.manualJournals(ctx, body, 'create', se);
  }

  @Post('ManualJournals')
  @HttpCode(200)
  upsertManualJournals(
    @XeroCtx() ctx: XeroRequestContext,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    return this.writes.manualJournals(ctx, body, 'upsert', se);
  }
}
