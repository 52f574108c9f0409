import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { StripeApiError } from '../core/stripe-errors';

/** Renders every failure of the /v1 API in Stripe's error envelope. */
@Catch()
export class StripeExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('StripeSandbox');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (error instanceof StripeApiError) {
      res.status(error.status).json(error.body());
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      res
        .status(status)
        .json({ error: { type: status >= 500 ? 'api_error' : 'invalid_request_error', message: error.message } });
      return;
    }
    this.logger.error((error as Error)?.stack ?? String(error));
    res.status(500).json({ error: { type: 'api_error', message: 'An unknown error occurred' } });
  }
}
