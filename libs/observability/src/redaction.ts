import pino from 'pino';

// Secrets never reach the logs: these paths are censored by pino before a line is written.
const SECRET_KEYS = [
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'clientSecret',
  'webhookKey',
  'apiKey',
  'ciphertext',
  'code_verifier',
];

export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-xero-signature"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];

const REDACTED = '[redacted]';
// Shorter values would blank ordinary words of the message; they carry little anyway.
const MIN_SCRUBBED_LENGTH = 3;

function scrub(text: unknown, values: string[]): unknown {
  if (typeof text !== 'string') return text;
  return values.reduce((out, value) => out.split(value).join(REDACTED), text);
}

/**
 * Serialises an error for the logs; a failed query (TypeORM's QueryFailedError) keeps its
 * statement and PostgreSQL's error but not the values bound to it, which PostgreSQL also quotes
 * in its message and detail ("invalid input syntax for type uuid: "…"", "Key (email)=(…)").
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const parameters = (error as { parameters?: unknown })?.parameters;
  if (!serialized || !Array.isArray(parameters)) return serialized;
  const values = parameters
    .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
    .filter((v): v is string => typeof v === 'string' && v.length >= MIN_SCRUBBED_LENGTH)
    .sort((a, b) => b.length - a.length);
  const cleaned: Record<string, unknown> = { ...serialized, parameters: REDACTED };
  for (const key of ['message', 'stack', 'detail', 'where', 'hint']) cleaned[key] = scrub(cleaned[key], values);
  const driver = cleaned.driverError as Record<string, unknown> | undefined;
  if (driver && typeof driver === 'object') {
    cleaned.driverError = Object.fromEntries(
      Object.entries(driver).map(([key, value]) => [key, key === 'parameters' ? REDACTED : scrub(value, values)]),
    );
  }
  return cleaned;
}
