/** The one fetch wrapper: same-origin cookies, JSON, and our error body turned into an Error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorId?: string,
  ) {
    super(message);
  }
}

export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => undefined);
  // Health answers 503 with a body that still describes each check.
  if (!res.ok && !(res.status === 503 && body?.details)) {
    throw new ApiError(res.status, body?.message ?? res.statusText, body?.errorId);
  }
  return body as T;
}
