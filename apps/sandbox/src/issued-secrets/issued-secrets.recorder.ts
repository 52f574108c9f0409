import { NextFunction, Request, Response } from 'express';
import { SandboxDatabase } from '../db/sandbox-database';
import { codeFromLocation, secretValues } from './secret-fields';

export const ISSUED_SECRETS_DDL = `
CREATE TABLE IF NOT EXISTS sandbox_issued_secrets (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  value text NOT NULL,
  path text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now()
);`;

// The business APIs (accounting data, X3 records) issue no credentials; skip their bodies.
const SKIP = /^\/(api\.xro|xtrem)\b/;

/**
 * Records every token and secret the sandbox hands out (token responses, app registrations,
 * control-API credentials, authorization codes in redirects), so tests can prove none of them
 * ever shows up where it must not (our logs, responses, Redis, database plaintext).
 */
/** A response body chunk as bytes (Express writes Buffers, strings or typed arrays; a callback is not a chunk). */
function asBytes(chunk: unknown): Buffer | null {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return null;
}

export function issuedSecretsRecorder(db: SandboxDatabase) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SKIP.test(req.path)) return next();
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      const bytes = asBytes(chunk);
      if (bytes) chunks.push(bytes);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      const bytes = asBytes(chunk);
      if (bytes) chunks.push(bytes);
      const found: Array<{ kind: string; value: string }> = [];
      const code = codeFromLocation(res.getHeader('location') as string | undefined);
      if (code) found.push({ kind: 'authorization_code', value: code });
      if (String(res.getHeader('content-type') ?? '').includes('json')) {
        try {
          secretValues(JSON.parse(Buffer.concat(chunks).toString('utf8')), found);
        } catch {
          // not JSON after all
        }
      }
      if (found.length === 0) return end(chunk, ...rest);
      const values = found.map((f) => [f.kind, f.value]);
      void db
        .query(
          `INSERT INTO sandbox_issued_secrets (kind, value, path) SELECT k, v, $2 FROM jsonb_to_recordset($1::jsonb) AS x(k text, v text)`,
          [JSON.stringify(values.map(([k, v]) => ({ k, v }))), req.path],
        )
        .catch(() => undefined)
        .finally(() => end(chunk, ...rest));
      return res;
    }) as Response['end'];
    next();
  };
}
