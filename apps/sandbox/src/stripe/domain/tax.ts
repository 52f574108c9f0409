// The sandbox's simple tax rule (Stripe Tax stands behind automatic_tax in real life): VAT/GST at
// the customer's country's standard rate, reverse charge (0) for a business with an EU VAT id
// outside the seller's country, nothing elsewhere. Rates are basis points so amounts stay integers.
const RATES_BPS: Record<string, number> = {
  GB: 2000,
  IE: 2300,
  DE: 1900,
  FR: 2000,
  NL: 2100,
  ES: 2100,
  IT: 2200,
  BE: 2100,
  NZ: 1500,
  AU: 1000,
};
const EU = new Set(['IE', 'DE', 'FR', 'NL', 'ES', 'IT', 'BE', 'AT', 'PT', 'FI', 'SE', 'DK', 'PL']);
/** The sandbox account's (the seller's) country. */
export const SELLER_COUNTRY = 'GB';

export interface TaxOutcome {
  amount: number;
  bps: number;
  country: string | null;
  reason: 'standard_rated' | 'reverse_charge' | 'not_collecting';
  taxType: 'vat' | 'gst' | null;
}

export function taxFor(
  amount: number,
  country: string | null | undefined,
  taxIds: Array<{ type: string }>,
): TaxOutcome {
  const c = (country ?? '').toUpperCase() || null;
  const bps = c ? (RATES_BPS[c] ?? 0) : 0;
  const taxType = c === 'NZ' || c === 'AU' ? 'gst' : bps ? 'vat' : null;
  if (!c || bps === 0) return { amount: 0, bps: 0, country: c, reason: 'not_collecting', taxType };
  if (EU.has(c) && c !== SELLER_COUNTRY && taxIds.some((t) => t.type === 'eu_vat'))
    return { amount: 0, bps: 0, country: c, reason: 'reverse_charge', taxType };
  // Integer half-up rounding of amount × rate; amounts are minor units.
  return { amount: Math.floor((amount * bps + 5000) / 10000), bps, country: c, reason: 'standard_rated', taxType };
}

/** The Stripe tax id type for a VAT/GST number typed at checkout, by the customer's country. */
export function taxIdType(country: string | null | undefined): string {
  const c = (country ?? '').toUpperCase();
  if (c === 'GB') return 'gb_vat';
  if (c === 'NZ') return 'nz_gst';
  if (c === 'AU') return 'au_abn';
  if (EU.has(c)) return 'eu_vat';
  return 'unknown';
}

export function percentage(bps: number): string {
  return (bps / 100).toFixed(2).replace(/\.?0+$/, '') || '0';
}
