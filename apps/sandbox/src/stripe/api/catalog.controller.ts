import { Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { Params, mergeMetadata, optBool, optString, stringArray } from '../core/params';
import { StripeAccount } from '../db/stripe-store';
import { priceDoc, productDoc } from '../domain/catalog';
import { Account, StripeParams } from './stripe-context';
import { StripeApi } from './stripe-api.service';
import { StripeExceptionFilter } from './stripe-exception.filter';

@Controller('v1')
@UseFilters(StripeExceptionFilter)
export class CatalogController {
  constructor(private readonly api: StripeApi) {}

  @Post('products')
  @HttpCode(200)
  createProduct(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.one(a, p, (s) => s.put(productDoc(p)));
  }

  @Get('products')
  listProducts(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const active = optBool(p, 'active');
    return this.api.list(a, p, 'product', '/v1/products', () => ({ contains: active === undefined ? {} : { active } }));
  }

  @Get('products/:id')
  getProduct(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'product'));
  }

  @Post('prices')
  @HttpCode(200)
  createPrice(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.one(a, p, async (s) => s.put(await priceDoc(s, p)));
  }

  @Get('prices')
  listPrices(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const active = optBool(p, 'active');
    const product = optString(p, 'product');
    const type = optString(p, 'type');
    const lookupKeys = stringArray(p, 'lookup_keys');
    return this.api.list(a, p, 'price', '/v1/prices', () => ({
      contains: {
        ...(active === undefined ? {} : { active }),
        ...(product ? { product } : {}),
        ...(type ? { type } : {}),
      },
      ...(lookupKeys.length ? { where: { sql: "doc->>'lookup_key' = ANY($1)", params: [lookupKeys] } } : {}),
    }));
  }

  @Get('prices/:id')
  getPrice(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'price'));
  }

  @Post('prices/:id')
  @HttpCode(200)
  updatePrice(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, async (s) => {
      const price = await s.get(id, 'price');
      const active = optBool(p, 'active');
      return s.put({
        ...price,
        metadata: mergeMetadata(price.metadata as Record<string, string>, p),
        ...(active === undefined ? {} : { active }),
      });
    });
  }
}
