// Tax pairs (X3 tax code → Xero TaxType), once for the sales side (output) and once for the
// purchase side (input): the sales-tax-type and purchase-tax-type lookups. Signals: the same
// rate, the Xero rate's side (its ReportTaxType, else its name), the names' words (zero-rated,
// exempt, reduced …), the same code; special-purpose Xero rates (imports, capital) only when the
// X3 code says so. Then one-to-one per side.
import Decimal from 'decimal.js';
import { alternativesOf, assignOneToOne, confidenceOf } from './assignment';
import { applyHistory } from './history';
import type { Candidate, PriorDecision, Proposal, SuggestionScope, X3TaxFacts, XeroTaxFacts } from './suggestion-types';
import { conceptsOf, shared, similarity } from './vocabulary';

type TaxSide = 'sales' | 'purchase' | 'neutral';

const SAME_RATE = 0.45;
const OTHER_RATE = -0.25;
const SAME_SIDE = 0.3;
const NEUTRAL_SIDE = 0.05;
const OPPOSITE_SIDE = -0.5;
const NAME_WEIGHT = 0.25;
const SAME_CODE = 0.1;
const SPECIAL_PURPOSE = -0.2;
const ZERO_KIND_MISSING = -0.3;
export const MIN_TAX_SCORE = 0.05;

const SALES_REPORT = new Set(['OUTPUT', 'EXEMPTOUTPUT', 'USSALESTAX', 'ECOUTPUT', 'ECOUTPUTSERVICES', 'SALESOUTPUT']);
const PURCHASE_REPORT = new Set([
  'INPUT',
  'EXEMPTEXPENSES',
  'EXEMPTINPUT',
  'CAPITALEXPENSESINPUT',
  'ECACQUISITIONS',
  'IMPORTINPUT',
  'PURCHASESINPUT',
]);
const SPECIAL = ['IMPORT', 'CAPITAL'];
const ZERO_KINDS = ['ZERO', 'EXEMPT', 'NONE'];

function xeroSide(t: XeroTaxFacts): TaxSide {
  if (t.reportTaxType && SALES_REPORT.has(t.reportTaxType)) return 'sales';
  if (t.reportTaxType && PURCHASE_REPORT.has(t.reportTaxType)) return 'purchase';
  if (t.reportTaxType) return 'neutral';
  const c = conceptsOf(t.name);
  if (c.has('REVENUE') || c.has('OUTPUT')) return 'sales';
  if (c.has('EXPENSE') || c.has('PURCHASE') || c.has('INPUT')) return 'purchase';
  return 'neutral';
}

/** Side words say which side a rate is on; they are not what the two names should share. */
function kindWords(name: string): Set<string> {
  const c = conceptsOf(name);
  for (const side of ['REVENUE', 'OUTPUT', 'EXPENSE', 'PURCHASE', 'INPUT']) c.delete(side);
  return c;
}

const percent = (rate: string) => `${new Decimal(rate).toString()}%`;
const SIDE_WORD: Record<Exclude<SuggestionScope, 'journal'>, string> = { sales: 'output', purchase: 'input' };

function scorePair(x3: X3TaxFacts, side: 'sales' | 'purchase', xero: XeroTaxFacts): Candidate {
  const reasons: string[] = [];
  let score = 0;
  const sameRate = new Decimal(x3.rate).equals(new Decimal(xero.rate));
  score += sameRate ? SAME_RATE : OTHER_RATE;
  const xs = xeroSide(xero);
  score += xs === side ? SAME_SIDE : xs === 'neutral' ? NEUTRAL_SIDE : OPPOSITE_SIDE;
  if (sameRate && xs === side) reasons.push(`same tax rate ${percent(x3.rate)} and ${SIDE_WORD[side]} side`);
  else if (sameRate) reasons.push(`same tax rate ${percent(x3.rate)}`);
  else if (xs === side) reasons.push(`${SIDE_WORD[side]} side`);
  const a = kindWords(x3.description);
  const b = kindWords(xero.name);
  const sim = similarity(a, b);
  score += NAME_WEIGHT * sim;
  if (sim === 1) reasons.push('names match after normalising');
  else if (sim > 0)
    reasons.push(
      `names share ${shared(a, b)
        .map((w) => w.toLowerCase())
        .join(', ')}`,
    );
  const special = SPECIAL.filter((w) => b.has(w) && !a.has(w));
  if (special.length) score += SPECIAL_PURPOSE;
  // a zero-rated or exempt X3 code belongs on a zero-rated, exempt or no-tax Xero rate
  if (new Decimal(x3.rate).isZero() && ZERO_KINDS.some((k) => a.has(k)) && !ZERO_KINDS.some((k) => b.has(k)))
    score += ZERO_KIND_MISSING;
  if (x3.code === xero.taxType) {
    score += SAME_CODE;
    reasons.push(`same code ${x3.code}`);
  }
  return { sourceKey: x3.code, targetKey: xero.taxType, score, reasons };
}

/** Source → target the other way round: a xero-to-x3 lookup is keyed by the Xero TaxType. */
const reversed = (c: Candidate): Candidate => ({ ...c, sourceKey: c.targetKey, targetKey: c.sourceKey });

/**
 * `reverse`: pairs for a xero-to-x3 lookup (Xero TaxType → X3 code): the same scores, with the
 * one-to-one assignment keyed by the Xero side.
 */
export function suggestTaxes(
  x3Codes: readonly X3TaxFacts[],
  xeroRates: readonly XeroTaxFacts[],
  decisions: readonly PriorDecision[] = [],
  opts: { reverse?: boolean; sides?: ReadonlyArray<'sales' | 'purchase'> } = {},
): Proposal[] {
  const targets = xeroRates.filter((t) => t.active && t.taxType);
  const x3ByCode = new Map(x3Codes.map((c) => [c.code, c]));
  const xeroByType = new Map(targets.map((t) => [t.taxType, t]));
  const label = (c: Candidate) => `${c.sourceKey} ↔ ${c.targetKey}`;
  const sourceLabel = (key: string) => (opts.reverse ? xeroByType.get(key)!.name : x3ByCode.get(key)!.description);
  const targetLabel = (key: string) => (opts.reverse ? x3ByCode.get(key)!.description : xeroByType.get(key)!.name);
  return (opts.sides ?? (['sales', 'purchase'] as const)).flatMap((side) => {
    const forward = x3Codes.flatMap((x3) => targets.map((t) => scorePair(x3, side, t)));
    const scored = opts.reverse ? forward.map(reversed) : forward;
    const candidates = applyHistory(scored, decisions, 'taxes', side, label);
    const chosen = assignOneToOne(candidates, MIN_TAX_SCORE);
    const others = alternativesOf(candidates, chosen, MIN_TAX_SCORE);
    return [...chosen.values()]
      .sort((p, q) => p.sourceKey.localeCompare(q.sourceKey))
      .map((c) => {
        const x3 = x3ByCode.get(opts.reverse ? c.targetKey : c.sourceKey)!;
        const rules = (x3.rules ?? []).map((r) => `${r.rule}/${r.level}`);
        return {
          kind: 'taxes' as const,
          scope: side,
          source: { key: c.sourceKey, label: sourceLabel(c.sourceKey) },
          target: { key: c.targetKey, label: targetLabel(c.targetKey) },
          confidence: confidenceOf(c.score),
          reasons: rules.length ? [...c.reasons, `X3 tax rule/level ${rules.join(', ')}`] : c.reasons,
          alternatives: (others.get(c.sourceKey) ?? []).map((o) => ({
            key: o.targetKey,
            label: targetLabel(o.targetKey),
            confidence: confidenceOf(o.score),
          })),
        };
      });
  });
}
