import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import pino from 'pino';
import { currentLogContext } from './log-context';
import { REDACT_PATHS, serializeError } from './redaction';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** pino options shared by every process: JSON lines, context fields, secrets redacted. */
export function pinoOptions(level: string, service: string): pino.LoggerOptions {
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => ({ ...currentLogContext() }),
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function createLogger(level: string, service: string): pino.Logger {
  return pino(pinoOptions(level, service));
}

/** nestjs-pino parameters for an HTTP app: a request id per request, echoed in x-request-id. */
export function httpLoggerParams(level: string, service: string): Params {
  return {
    pinoHttp: {
      ...pinoOptions(level, service),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
      serializers: {
        err: serializeError,
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url?.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
    },
  };
}
