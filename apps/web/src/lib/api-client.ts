import type { SessionView } from '../api/types';

/**
 * The one fetch wrapper: same-origin cookies, JSON both ways, the CSRF header on every change,
 * and our error body ({statusCode, error, message, errorId, code?}) turned into an ApiError.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorId?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A sensitive change that needs a fresh Sign in with Xero first. */
  get needsReauth(): boolean {
    return this.status === 401 && this.code === 'reauth_required';
  }
}

/** What to show a person for any failure: our message, plus the error id support can look up. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const message = error.status === 0 ? error.message : error.message || `The server answered ${error.status}`;
    return error.errorId ? `${message} (error id ${error.errorId})` : message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

let csrfToken: string | undefined;

/** The session query hands the token over as soon as it has one. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

async function parse(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toError(res: Response, body: unknown): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as { message?: unknown; errorId?: string; code?: string };
  const message = Array.isArray(b.message)
    ? b.message.join('; ')
    : typeof b.message === 'string'
      ? b.message
      : res.statusText || `HTTP ${res.status}`;
  return new ApiError(res.status, message, b.errorId, b.code);
}

async function request(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'The server cannot be reached: check your connection and try again');
  }
}

export async function apiGet<T>(path: string): Promise<T> {
  const res = await request(path, { headers: { Accept: 'application/json' } });
  const body = (await parse(res)) as { details?: unknown } | undefined;
  // Health answers 503 with a body that still describes each check.
  if (!res.ok && !(res.status === 503 && body?.details)) throw toError(res, body);
  return body as T;
}

async function freshCsrfToken(): Promise<string> {
  const session = await apiGet<SessionView>('/api/auth/session');
  csrfToken = session.csrfToken;
  return csrfToken;
}

/** POST/PATCH/DELETE with the CSRF header; a stale token (the session rotated) is fetched again once. */
export async function apiSend<T = void>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  json?: unknown,
): Promise<T> {
  const send = async (token: string) =>
    request(path, {
      method,
      headers: {
        Accept: 'application/json',
        'x-csrf-token': token,
        ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    });
  let res = await send(csrfToken ?? (await freshCsrfToken()));
  let body = await parse(res);
  if (res.status === 403 && /CSRF/i.test(String((body as { message?: string })?.message ?? ''))) {
    res = await send(await freshCsrfToken());
    body = await parse(res);
  }
  if (!res.ok) throw toError(res, body);
  return body as T;
}

/** A file the api serves (a CSV, a PDF, a zip) fetched, so a refusal shows as our message, not a broken download. */
export async function apiDownload(path: string): Promise<{ blob: Blob; filename: string }> {
  const res = await request(path, { headers: { Accept: '*/*' } });
  if (!res.ok) throw toError(res, await parse(res));
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? path.split('/').pop()!.split('?')[0];
  return { blob: await res.blob(), filename };
}
