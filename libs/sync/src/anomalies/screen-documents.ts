// Runs the rules over a batch of documents in order, against a book of profiles it updates as it
// goes: a document is compared with what was written before it and with the batch ahead of it.
import type { ProfileScope } from './anomaly.entities';
import {
  DocFacts,
  duplicateOf,
  Finding,
  FlowRules,
  FlowStats,
  impliedTaxRate,
  observeParty,
  observeRate,
  observeTax,
  observeVolume,
  outlierOf,
  PartyRules,
  PartyStats,
  RateRules,
  RateStats,
  rateOf,
  TaxRules,
  TaxStats,
  taxOf,
  volumeOf,
} from './detectors';

type Json = Record<string, unknown>;

/** Profiles by scope and subject; `stats` replaced as documents are observed, `rules` read only. */
export class ProfileBook {
  private readonly rows = new Map<string, { stats: Json; rules: Json; changed: boolean }>();

  private static key(scope: ProfileScope, subject: string): string {
    return `${scope}\u0000${subject}`;
  }

  load(scope: ProfileScope, subject: string, stats: Json, rules: Json): void {
    this.rows.set(ProfileBook.key(scope, subject), { stats, rules, changed: false });
  }

  stats<T>(scope: ProfileScope, subject: string): T {
    return (this.rows.get(ProfileBook.key(scope, subject))?.stats ?? {}) as T;
  }

  rules<T>(scope: ProfileScope, subject: string): T {
    return (this.rows.get(ProfileBook.key(scope, subject))?.rules ?? {}) as T;
  }

  setStats(scope: ProfileScope, subject: string, stats: object): void {
    const k = ProfileBook.key(scope, subject);
    const row = this.rows.get(k);
    this.rows.set(k, { stats: stats as Json, rules: row?.rules ?? {}, changed: true });
  }

  /** The profiles whose stats changed, to store. */
  changed(): Array<{ scope: ProfileScope; subject: string; stats: Json }> {
    return [...this.rows]
      .filter(([, r]) => r.changed)
      .map(([k, r]) => {
        const [scope, subject] = k.split('\u0000') as [ProfileScope, string];
        return { scope, subject, stats: r.stats };
      });
  }
}

/** The subjects whose profiles a batch needs (loaded up front, in one query). */
export function subjectsOf(docs: DocFacts[], flowKey: string): Array<[ProfileScope, string]> {
  const out = new Map<string, [ProfileScope, string]>();
  const add = (scope: ProfileScope, subject: string) => out.set(`${scope}:${subject}`, [scope, subject]);
  add('flow', flowKey);
  for (const d of docs) {
    add('party', d.partyKey);
    if (d.currency !== d.baseCurrency) add('currency', d.currency);
    for (const l of d.lines) if (l.taxCode) add('tax-code', l.taxCode);
  }
  return [...out.values()];
}

export interface Screened {
  doc: DocFacts;
  findings: Finding[];
}

export interface ScreenOptions {
  flowKey: string;
  /** 'customer' or 'supplier', for the explanations. */
  partyLabel: string;
  /** The UTC hour the batch is screened in ('2026-11-03T10'). */
  hour: string;
  /** Source keys whose duplicate finding was approved or expected: written as they are. */
  cleared?: Set<string>;
}

/**
 * Each document's findings, then its figures observed. A likely duplicate is not observed (it is
 * held; approving it screens it again). The batch's volume finding, if any, comes separately.
 */
export function screenDocuments(
  book: ProfileBook,
  docs: DocFacts[],
  o: ScreenOptions,
): { screened: Screened[]; volume?: Finding } {
  const screened: Screened[] = [];
  for (const doc of docs) {
    const party = book.stats<PartyStats>('party', doc.partyKey);
    const partyRules = book.rules<PartyRules>('party', doc.partyKey);
    const duplicate = o.cleared?.has(doc.sourceKey)
      ? undefined
      : duplicateOf(doc, party.recent ?? [], partyRules, o.partyLabel);
    if (duplicate) {
      screened.push({ doc, findings: [duplicate] });
      continue;
    }
    const findings = [
      outlierOf(doc, party, partyRules, o.partyLabel),
      rateOf(doc, book.stats<RateStats>('currency', doc.currency), book.rules<RateRules>('currency', doc.currency)),
      taxOf(
        doc,
        (code) => book.stats<TaxStats>('tax-code', code),
        (code) => book.rules<TaxRules>('tax-code', code),
      ),
    ].filter((f): f is Finding => f !== undefined);
    screened.push({ doc, findings });
    book.setStats('party', doc.partyKey, observeParty(party, doc));
    if (doc.rate && doc.currency !== doc.baseCurrency) {
      book.setStats('currency', doc.currency, observeRate(book.stats<RateStats>('currency', doc.currency), doc));
    }
    // a line found off its tax code's rate does not teach the code that rate
    if (!findings.some((f) => f.kind === 'tax')) {
      for (const line of doc.lines) {
        const implied = impliedTaxRate(line, doc.priceBasis);
        if (implied && line.taxCode) {
          book.setStats('tax-code', line.taxCode, observeTax(book.stats<TaxStats>('tax-code', line.taxCode), implied));
        }
      }
    }
  }
  const flow = observeVolume(book.stats<FlowStats>('flow', o.flowKey), o.hour, docs.length);
  book.setStats('flow', o.flowKey, flow);
  return { screened, volume: volumeOf(o.hour, flow, book.rules<FlowRules>('flow', o.flowKey), o.flowKey) };
}
