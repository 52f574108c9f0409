import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Response } from 'express';
import { serviceUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './service-unavailable';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorId: string;
  /** A machine-readable reason where the client must act on it (e.g. reauth_required). */
  code?: string;
}

/**
 * Every error leaves as `{statusCode, error, message, errorId}`. Client errors say what was wrong;
 * server errors say only that something failed, and the stack stays in the server log under the
 * same errorId so support can find it.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const errorId = randomUUID();
    const unavailable = !(exception instanceof HttpException) && serviceUnavailable(exception);
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : (payloadTooLarge(exception) ?? (unavailable ? HttpStatus.SERVICE_UNAVAILABLE : 500));
    let message = 'Something went wrong on our side; quote the errorId to support.';
    if (exception instanceof HttpException && (status < 500 || exposes(exception))) message = messageOf(exception);
    else if (status === 413) message = 'Request body too large';
    else if (unavailable) message = 'The service is briefly unavailable; try again shortly.';
    if (unavailable) {
      // an outage, not a bug: one line per request, the stack left out
      this.logger.warn(
        { errorId, reason: String((exception as Error)?.message) },
        'request failed: service unavailable',
      );
      if (!response.headersSent) response.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    } else if (status >= 500) this.logger.error({ errorId, err: exception }, 'request failed');
    const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, errorId };
    const code = exception instanceof HttpException ? (exception.getResponse() as { code?: unknown }).code : undefined;
    if (typeof code === 'string') body.code = code;
    if (!response.headersSent) response.status(status).json(body);
  }
}

function messageOf(exception: HttpException): string {
  const res = exception.getResponse();
  if (typeof res === 'string') return res;
  const msg = (res as { message?: unknown }).message;
  if (Array.isArray(msg)) return msg.join('; ');
  return typeof msg === 'string' ? msg : exception.message;
}

/**
 * A 5xx raised on purpose with `expose: true` in its body (another system is down or refused us:
 * the mapping dry run's 502/503) carries a message written for the user; any other 5xx says nothing.
 */
function exposes(exception: HttpException): boolean {
  const res = exception.getResponse();
  return typeof res === 'object' && res !== null && (res as { expose?: unknown }).expose === true;
}

/** body-parser's own error for an oversized body is not an HttpException. */
function payloadTooLarge(exception: unknown): number | undefined {
  const e = exception as { type?: string; status?: number };
  return e?.type === 'entity.too.large' ? HttpStatus.PAYLOAD_TOO_LARGE : undefined;
}
