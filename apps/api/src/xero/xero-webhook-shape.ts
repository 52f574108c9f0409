const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a parsed body has the outline of a Xero delivery: an object whose `events` is a list of
 * objects. The fields of each event are checked after the signature (webhookEvents); this
 * only keeps shapes like `{"events":[null]}` from reaching code that expects objects.
 */
export function hasWebhookOutline(body: unknown): boolean {
  return isPlainObject(body) && Array.isArray(body.events) && body.events.every(isPlainObject);
}
