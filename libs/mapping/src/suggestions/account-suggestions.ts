// GL account pairs (X3 account → Xero account Code) for the journal-account lookup. Signals:
// what each account is for (roles), the names' shared finance words, the same code. Then a
// one-to-one assignment so one Xero account is proposed for at most one X3 account.
import { AccountRole, ROLE_LABEL, roleAgreement, x3Role, xeroRole } from './account-roles';
import { alternativesOf, assignOneToOne, confidenceOf } from './assignment';
import { applyHistory } from './history';
import type { Candidate, PriorDecision, Proposal, X3AccountFacts, XeroAccountFacts } from './suggestion-types';
import { conceptsOf, rarityWeights, shared, similarity } from './vocabulary';

const ROLE_WEIGHT = 0.5;
const NAME_WEIGHT = 0.4;
const SAME_CODE = 0.1;
/** Below this a pair is noise, not a suggestion. */
export const MIN_ACCOUNT_SCORE = 0.15;

function scorePair(
  x3: X3AccountFacts,
  x3r: { role?: AccountRole; why?: string },
  xero: XeroAccountFacts,
  xr: { role?: AccountRole; why?: string },
  weight: (concept: string) => number,
): Candidate {
  const reasons: string[] = [];
  let score = 0;
  const agreement = roleAgreement(x3r.role, xr.role);
  if (agreement === 1) reasons.push(`both are ${ROLE_LABEL[x3r.role!]} (X3: ${x3r.why}; Xero: ${xr.why})`);
  else if (agreement > 0) reasons.push(`X3 ${ROLE_LABEL[x3r.role!]} fits Xero ${ROLE_LABEL[xr.role!]}`);
  score += ROLE_WEIGHT * agreement;
  const a = conceptsOf(x3.description);
  const b = conceptsOf(xero.name);
  const sim = similarity(a, b, weight);
  if (sim === 1) reasons.push('names match after normalising');
  else if (sim > 0)
    reasons.push(
      `names share ${shared(a, b)
        .map((w) => w.toLowerCase())
        .join(', ')}`,
    );
  score += NAME_WEIGHT * sim;
  if (x3.code === xero.code) {
    score += SAME_CODE;
    reasons.push(`same code ${x3.code}`);
  }
  return { sourceKey: x3.code, targetKey: xero.code, score, reasons };
}

export function suggestAccounts(
  x3Accounts: readonly X3AccountFacts[],
  xeroAccounts: readonly XeroAccountFacts[],
  decisions: readonly PriorDecision[] = [],
): Proposal[] {
  const targets = xeroAccounts.filter((a) => a.active && a.code);
  const targetRoles = new Map(targets.map((t) => [t.code, xeroRole(t)]));
  const x3ByCode = new Map(x3Accounts.map((a) => [a.code, a]));
  const xeroByCode = new Map(targets.map((a) => [a.code, a]));
  const label = (c: Candidate) => `${c.sourceKey} ↔ ${c.targetKey}`;
  const weight = rarityWeights(targets.map((t) => conceptsOf(t.name)));
  const scored = x3Accounts.flatMap((x3) => {
    const r = x3Role(x3);
    return targets.map((t) => scorePair(x3, r, t, targetRoles.get(t.code)!, weight));
  });
  const candidates = applyHistory(scored, decisions, 'accounts', 'journal', label);
  const chosen = assignOneToOne(candidates, MIN_ACCOUNT_SCORE);
  const others = alternativesOf(candidates, chosen, MIN_ACCOUNT_SCORE);
  return [...chosen.values()]
    .sort((p, q) => p.sourceKey.localeCompare(q.sourceKey))
    .map((c) => ({
      kind: 'accounts' as const,
      scope: 'journal' as const,
      source: { key: c.sourceKey, label: x3ByCode.get(c.sourceKey)!.description },
      target: { key: c.targetKey, label: xeroByCode.get(c.targetKey)!.name },
      confidence: confidenceOf(c.score),
      reasons: c.reasons,
      alternatives: (others.get(c.sourceKey) ?? []).map((o) => ({
        key: o.targetKey,
        label: xeroByCode.get(o.targetKey)!.name,
        confidence: confidenceOf(o.score),
      })),
    }));
}
