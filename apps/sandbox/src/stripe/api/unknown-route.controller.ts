import { All, Controller, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { StripeApiError } from '../core/stripe-errors';
import { StripeExceptionFilter } from './stripe-exception.filter';

/** Any other /v1 path: Stripe's 404 in its own envelope (registered after the API's controllers). */
@Controller('v1')
@UseFilters(StripeExceptionFilter)
export class UnknownRouteController {
  @All('*path')
  unknown(@Req() req: Request): never {
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }
}
