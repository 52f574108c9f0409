// What marking a finding expected teaches the tenant's rules, from the finding's own figures.
import { Dec } from '#lb/mapping';
import type { AnomalyKind, ProfileScope } from './anomaly.entities';
import { LIMITS, type FlowRules, type PartyRules, type RateRules, type TaxRules } from './detectors';

type Json = Record<string, unknown>;

export interface Taught {
  scope: ProfileScope;
  subject: string;
  merge: (rules: Json) => Json;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const minOf = (a: string | undefined, b: string) => (a && new Dec(a).lt(b) ? a : b);
const maxOf = (a: string | undefined, b: string) => (a && new Dec(a).gt(b) ? a : b);
const withOne = (xs: string[] | undefined, x: string) => [...(xs ?? []).filter((y) => y !== x), x].slice(-LIMITS.pairs);

export function rulesTaught(kind: AnomalyKind, detail: Json, flowKey: string): Taught | undefined {
  switch (kind) {
    case 'duplicate': {
      const party = str(detail.partyKey);
      const pattern = str(detail.pattern);
      if (!party || !pattern) return undefined;
      return {
        scope: 'party',
        subject: party,
        merge: (r) => ({ ...r, pairs: withOne((r as PartyRules).pairs, pattern) }),
      };
    }
    case 'outlier': {
      // the band now reaches the amount that was expected (and keeps what it had)
      const party = str(detail.partyKey);
      const amount = str(detail.amount);
      if (!party || !amount) return undefined;
      return {
        scope: 'party',
        subject: party,
        merge: (r) => {
          const p = r as PartyRules;
          return {
            ...r,
            low: minOf(p.low ?? str(detail.low), amount),
            high: maxOf(p.high ?? str(detail.high), amount),
          };
        },
      };
    }
    case 'exchange-rate': {
      const currency = str(detail.currency);
      const off = typeof detail.off === 'number' ? detail.off : undefined;
      if (!currency || off === undefined) return undefined;
      return {
        scope: 'currency',
        subject: currency,
        merge: (r) => ({ ...r, tolerance: Math.max((r as RateRules).tolerance ?? 0, off) }),
      };
    }
    case 'tax': {
      const code = str(detail.taxCode);
      const implied = str(detail.implied);
      if (!code || !implied) return undefined;
      return {
        scope: 'tax-code',
        subject: code,
        merge: (r) => ({ ...r, rates: withOne((r as TaxRules).rates, implied) }),
      };
    }
    case 'volume': {
      const count = typeof detail.count === 'number' ? detail.count : undefined;
      if (count === undefined) return undefined;
      return {
        scope: 'flow',
        subject: flowKey,
        merge: (r) => ({ ...r, peak: Math.max((r as FlowRules).peak ?? 0, count) }),
      };
    }
  }
}
