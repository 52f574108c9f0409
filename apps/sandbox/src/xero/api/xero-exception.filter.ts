import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { ElementValidationError, XeroHttpError } from '../core/xero-errors';

/** Renders every failure in Xero's error shapes. */
@Catch()
export class XeroExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('XeroSandbox');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (error instanceof XeroHttpError) {
      for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
      res.status(error.status).json(error.body);
      return;
    }
    if (error instanceof ElementValidationError) {
      res.status(400).json({
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ValidationErrors: error.messages.map((Message) => ({ Message })) }],
      });
      return;
    }
    if (error instanceof HttpException) {
      res.status(error.getStatus()).json({ ErrorNumber: 0, Type: 'HttpException', Message: error.message });
      return;
    }
    this.logger.error((error as Error)?.stack ?? String(error));
    res.status(500).json({
      ErrorNumber: 0,
      Type: 'InternalServerError',
      Message:
        'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
    });
  }
}
