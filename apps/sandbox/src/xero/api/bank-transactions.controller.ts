import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { Doc, EntityKind } from '../db/entity-store';
import { notFound } from '../core/xero-errors';
import { allocateCredit, createBankTransaction, CreditKind } from '../domain/prepayments';
import { OrgStore } from '../orgs/org-store';
import { envelope, runBatch } from './batch';
import { applyList } from './list-query';
import { ResourceName, XeroCtx, XeroRequestContext } from './xero-context';
import { XeroExceptionFilter } from './xero-exception.filter';

type Q = Record<string, string | undefined>;

const KINDS: Record<string, EntityKind> = {
  BankTransactions: 'BankTransaction',
  Overpayments: 'Overpayment',
  Prepayments: 'Prepayment',
};

/** BankTransactions (overpayment and prepayment types too), Overpayments, Prepayments and their Allocations. */
@Controller('api.xro/2.0')
@UseFilters(XeroExceptionFilter)
export class BankTransactionsController {
  constructor(private readonly store: OrgStore) {}

  @Get(['BankTransactions', 'Overpayments', 'Prepayments'])
  list(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Query() q: Q,
    @Headers('if-modified-since') ims?: string,
  ): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => {
        const docs: Doc[] = await s.all(KINDS[resource]);
        const { items, pagination } = applyList(
          resource,
          docs,
          { where: q.where, order: q.order, page: q.page, pageSize: q.pageSize, ifModifiedSince: ims },
          true,
        );
        return envelope(ctx, s.now, resource, items, pagination);
      },
      { readOnly: true },
    );
  }

  @Get(['BankTransactions/:id', 'Overpayments/:id', 'Prepayments/:id'])
  one(@XeroCtx() ctx: XeroRequestContext, @ResourceName() resource: string, @Param('id') id: string): Promise<Doc> {
    return this.store.run(
      ctx.tenantId,
      async (s) => {
        const doc = await s.get(KINDS[resource], id);
        if (!doc) throw notFound();
        return envelope(ctx, s.now, resource, [doc]);
      },
      { readOnly: true },
    );
  }

  // PUT creates; POST without a BankTransactionID creates too (no update of these types here)
  @Put('BankTransactions')
  create(@XeroCtx() ctx: XeroRequestContext, @Body() body: Doc, @Query('summarizeErrors') se?: string): Promise<Doc> {
    return runBatch(this.store, ctx, 'BankTransactions', body, se, (s, el) => createBankTransaction(s, el));
  }

  @Post('BankTransactions')
  @HttpCode(200)
  upsert(@XeroCtx() ctx: XeroRequestContext, @Body() body: Doc, @Query('summarizeErrors') se?: string): Promise<Doc> {
    return runBatch(this.store, ctx, 'BankTransactions', body, se, (s, el) => createBankTransaction(s, el));
  }

  @Put(['Overpayments/:id/Allocations', 'Prepayments/:id/Allocations'])
  allocate(
    @XeroCtx() ctx: XeroRequestContext,
    @ResourceName() resource: string,
    @Param('id') id: string,
    @Body() body: Doc,
    @Query('summarizeErrors') se?: string,
  ): Promise<Doc> {
    const kind = KINDS[resource] as CreditKind;
    return runBatch(this.store, ctx, 'Allocations', body, se, (s, el) => allocateCredit(s, kind, id, el));
  }
}
