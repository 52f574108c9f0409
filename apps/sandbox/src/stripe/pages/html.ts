// Server-rendered pages of the Stripe sandbox (hosted checkout, customer portal): plain HTML, no
// external assets, every control labelled and usable from the keyboard.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | Stripe sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin:.75rem 0 .25rem}input,select{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}fieldset{border:1px solid #767676;padding:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem;border-bottom:1px solid #ccc}
.error{color:#a4000f}.notice{color:#1f5e1f}.note{color:#4a4a4a;font-size:.9rem}</style></head>
<body><main>${body}</main></body></html>`;
}

/** 4900, 'usd' → "USD 49.00": amounts are integer minor units, shown without floating point. */
export function money(amount: unknown, currency: unknown): string {
  const n = Number(amount);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  return `${String(currency).toUpperCase()} ${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function date(unix: unknown): string {
  return typeof unix === 'number' ? new Date(unix * 1000).toISOString().slice(0, 10) : '—';
}

export const COUNTRIES: Array<[string, string]> = [
  ['GB', 'United Kingdom'],
  ['IE', 'Ireland'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['NZ', 'New Zealand'],
  ['AU', 'Australia'],
  ['US', 'United States'],
];

/** A document field as text ('' for null and for anything that is not a string or number). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
