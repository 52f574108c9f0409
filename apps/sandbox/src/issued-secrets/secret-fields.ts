/** Field names under which the simulators hand out credentials (OAuth, developer portal, control APIs). */
const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'clientSecret',
  'secret',
  'webhookKey',
  'controlToken',
  'password',
]);

/** Every string value stored under a secret-looking key, anywhere in a JSON document. */
export function secretValues(
  doc: unknown,
  found: Array<{ kind: string; value: string }> = [],
): Array<{ kind: string; value: string }> {
  if (Array.isArray(doc)) for (const item of doc) secretValues(item, found);
  else if (doc && typeof doc === 'object') {
    for (const [key, value] of Object.entries(doc)) {
      if (typeof value === 'string' && SECRET_KEYS.has(key) && value.length >= 8) found.push({ kind: key, value });
      else secretValues(value, found);
    }
  }
  return found;
}

/** Authorization codes travel in the redirect back to the app. */
export function codeFromLocation(location: string | undefined): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, 'http://x').searchParams.get('code') ?? undefined;
  } catch {
    return undefined;
  }
}
