import { Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { Params, optString } from '../core/params';
import { StripeAccount } from '../db/stripe-store';
import { createCustomer, updateCustomer } from '../domain/customers';
import { Account, StripeParams } from './stripe-context';
import { StripeApi } from './stripe-api.service';
import { StripeExceptionFilter } from './stripe-exception.filter';

@Controller('v1/customers')
@UseFilters(StripeExceptionFilter)
export class CustomersController {
  constructor(private readonly api: StripeApi) {}

  @Post()
  @HttpCode(200)
  create(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.one(a, p, (s) => createCustomer(s, p));
  }

  @Get()
  list(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const email = optString(p, 'email');
    const clock = optString(p, 'test_clock');
    return this.api.list(a, p, 'customer', '/v1/customers', () => ({
      contains: { ...(email ? { email } : {}), ...(clock ? { test_clock: clock } : {}) },
    }));
  }

  @Get(':id')
  get(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'customer'));
  }

  @Post(':id')
  @HttpCode(200)
  update(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => updateCustomer(s, id, p));
  }

  @Get(':id/tax_ids')
  taxIds(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.list(a, p, 'tax_id', `/v1/customers/${id}/tax_ids`, async (s) => {
      await s.get(id, 'customer');
      return { contains: { customer: id } };
    });
  }
}
