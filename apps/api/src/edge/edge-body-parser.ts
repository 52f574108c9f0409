import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { BodyLimit } from './inbound-limits';
import { JsonDepthScanner } from './json-depth-scanner';
import { inputProblem } from './text-rules';

type EdgeRequest = Request & { rawBody?: Buffer };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** What the JSON content type allows, or why the body is refused before a byte is read. */
function contentProblem(req: Request, limit: BodyLimit): HttpException | 'skip' | undefined {
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (!JSON_TYPE.test(type)) return 'skip'; // not parsed: handlers that need a body then refuse it
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8);
  if (charset && charset.replace(/"/g, '') !== 'utf-8')
    return new UnsupportedMediaTypeException('JSON bodies must be UTF-8');
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity')
    return new UnsupportedMediaTypeException('Compressed request bodies are not accepted');
  const declared = Number(req.headers['content-length']);
  if (declared > limit.bytes) return new PayloadTooLargeException('Request body too large');
  return undefined;
}

/** The parsed body, or the reason it is refused. */
function parse(raw: Buffer): { value: unknown } | { problem: string } {
  if (raw.length === 0) return { value: {} };
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { problem: 'Request body is not valid UTF-8' };
  }
  // As body-parser's strict mode: a body is an object or a list, never a bare null or number.
  if (!/^\s*[[{]/.test(text)) return { problem: 'Request body must be a JSON object or array' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'Request body is not valid JSON' };
  }
  const problem = inputProblem(value);
  return problem ? { problem } : { value };
}

/**
 * Reads a JSON body under the route's byte cap while counting its nesting, and refuses it (413 or
 * 400) the moment either is exceeded, before the rest arrives and before JSON.parse runs. Keeps
 * the raw bytes on `req.rawBody` for signature checks (Xero, Stripe), then refuses NUL characters,
 * unpaired surrogates and prototype keys anywhere in the parsed value.
 */
export function edgeBodyParser(limitOf: (method: string, path: string) => BodyLimit): RequestHandler {
  return (req: EdgeRequest, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const limit = limitOf(req.method, req.path);
    const early = contentProblem(req, limit);
    if (early === 'skip') return next();
    const refuse = (error: HttpException) => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      // The rest is discarded unread. A declared length within the cap bounds it, so the connection
      // stays open and the caller reads our answer; otherwise (too large, or chunked with no end in
      // sight) close after answering, and the caller may see only the reset.
      if (error instanceof PayloadTooLargeException || req.headers['content-length'] === undefined)
        res.setHeader('Connection', 'close');
      req.resume();
      next(error);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const scanner = new JsonDepthScanner(limit.depth);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit.bytes) return refuse(new PayloadTooLargeException('Request body too large'));
      if (!scanner.push(chunk))
        return refuse(new BadRequestException(`Request body nests deeper than ${limit.depth} levels`));
      chunks.push(chunk);
    };
    const onEnd = () => {
      const raw = Buffer.concat(chunks);
      const parsed = parse(raw);
      if ('problem' in parsed) return next(new BadRequestException(parsed.problem));
      req.rawBody = raw;
      req.body = parsed.value;
      next();
    };
    if (early) return refuse(early);
    req.on('data', onData);
    req.on('end', onEnd);
    req.once('error', () => refuse(new BadRequestException('Request body was not received completely')));
  };
}

/** Query strings are text too: NUL or unpaired surrogates there would reach PostgreSQL as well. */
export function edgeQueryCheck(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (/%00/i.test(req.path)) return next(new BadRequestException('Text must not contain NUL characters (\\u0000)'));
    const problem = req.url.includes('?') ? inputProblem(req.query) : undefined;
    next(problem ? new BadRequestException(problem) : undefined);
  };
}
