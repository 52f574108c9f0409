/** How much a route reads from a request body, and how deep its JSON may nest. */
export interface BodyLimit {
  bytes: number;
  depth: number;
}

export function parseSize(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (!match) throw new Error(`not a size: ${size}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

/** Deep enough for any DTO and mapping we accept; far below what overflows a recursive walk. */
export const DEFAULT_MAX_DEPTH = 32;

/**
 * Inbound endpoints: routes that take a body from someone without a signed-in session (webhooks,
 * sign-in steps). Each states its own cap here, sized to what its caller really sends, and the
 * route sweep (apps/api/test/route-sweep.e2e-spec.ts) fails when one is missing or stale.
 * Every other route gets BODY_LIMIT and DEFAULT_MAX_DEPTH.
 */
export const INBOUND_BODY_LIMITS: Readonly<Record<string, { size: string; depth: number }>> = {
  // Xero documents no batch size (reference/xero-api.md §2); an event is ~350 bytes, so this is
  // ~700 events, more than could be stored within Xero's 5-second reply window anyway.
  'POST /api/xero/webhooks': { size: '256kb', depth: 4 },
  'POST /api/invitations/accept': { size: '4kb', depth: 2 },
  'POST /api/staff/login': { size: '4kb', depth: 2 },
  'POST /api/staff/login/totp': { size: '1kb', depth: 2 },
  // An X3 workflow rule sends no body (the token is a header); a little room for an empty JSON object.
  'POST /api/integrations/:id/nudge/:flowKey': { size: '1kb', depth: 2 },
  // A Shopify order with 250 lines and their tax, discount and price sets is ~300 kB; its deepest
  // field (line_items[].tax_lines[].price_set.shop_money.amount) is 6 levels down.
  'POST /api/shop/webhooks/:connectionId': { size: '512kb', depth: 8 },
  // One Stripe event: a subscription or invoice with its lines and expanded prices is a few tens of
  // kB (invoices with many lines more); the deepest field we have seen is data.object.lines.data[].
  // pricing.price_details… at ~9 levels, so a little room above it.
  'POST /api/billing/stripe/webhooks': { size: '256kb', depth: 12 },
};

/** "METHOD /api/x/:id" → a matcher for the request's method and path. */
function compile(route: string): { method: string; pattern: RegExp; params: number } {
  const [method, path] = route.split(' ');
  const segments = path.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return { method, pattern: new RegExp(`^${segments.join('/')}/?$`), params: path.split('/:').length - 1 };
}

/** Finds a request's limit: its inbound entry, else the default. */
export function bodyLimitResolver(
  defaults: BodyLimit,
  table: Readonly<Record<string, { size: string; depth: number }>> = INBOUND_BODY_LIMITS,
): (method: string, path: string) => BodyLimit {
  const entries = Object.entries(table)
    .map(([route, limit]) => ({ ...compile(route), limit: { bytes: parseSize(limit.size), depth: limit.depth } }))
    .sort((a, b) => a.params - b.params); // a literal segment wins over a parameter
  return (method, path) => entries.find((e) => e.method === method && e.pattern.test(path))?.limit ?? defaults;
}
