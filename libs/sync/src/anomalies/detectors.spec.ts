import { Dec, lineTax } from '#lb/mapping';
import { DocFacts, LIMITS, money } from './detectors';
import { nearEqualReferences, referencePairPattern } from './reference-likeness';
import { ProfileBook, screenDocuments } from './screen-documents';

/** mulberry32: a deterministic corpus, the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAX: Record<string, string> = { G15: '15', Z0: '0', R9: '9' };
const FORMATS = [(n: number) => `PO-${n}`, (n: number) => `PO ${n}`, (n: number) => `ORD${n}`, (n: number) => `${n}/A`];

/** Normal documents: 250 customers, log-normal amounts around each one's own level, 1–4 lines. */
function corpus(count: number, seed: number): DocFacts[] {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const customers = Array.from({ length: 250 }, (_, i) => ({
    key: `C${String(i).padStart(4, '0')}`,
    level: Math.exp(Math.log(50) + r() * Math.log(2000)),
    spread: 0.2 + r() * 0.5,
    format: FORMATS[i % FORMATS.length],
    usd: i % 10 === 0,
  }));
  let rate = 0.6;
  const docs: DocFacts[] = [];
  for (let i = 0; i < count; i++) {
    // a few big customers buy more often than the rest
    const c = customers[Math.floor(Math.pow(r(), 1.5) * customers.length)];
    const total = new Dec(Math.max(1, c.level * Math.exp(c.spread * normal())).toFixed(2));
    const n = 1 + Math.floor(r() * 4);
    const codes = Object.keys(TAX);
    const lines = Array.from({ length: n }, (_, j) => {
      const lineAmount =
        j < n - 1
          ? total.div(n).toDecimalPlaces(2)
          : total.minus(
              total
                .div(n)
                .toDecimalPlaces(2)
                .times(n - 1),
            );
      const taxCode = codes[Math.floor(r() * codes.length)];
      const taxAmount = lineTax(lineAmount, TAX[taxCode], 'exclusive').toDecimalPlaces(2);
      return { taxCode, lineAmount: lineAmount.toFixed(2), taxAmount: taxAmount.toFixed(2) };
    });
    rate *= 1 + 0.003 * normal();
    const day = new Date(Date.UTC(2026, 0, 1) + Math.floor((i / count) * 330) * 86_400_000).toISOString().slice(0, 10);
    docs.push({
      sourceKey: `INV${100000 + i}`,
      partyKey: c.key,
      date: day,
      total: total.toFixed(2),
      currency: c.usd ? 'USD' : 'NZD',
      baseCurrency: 'NZD',
      reference: r() < 0.85 ? c.format(10_000 + i) : undefined,
      rate: c.usd ? rate.toFixed(6) : undefined,
      priceBasis: 'exclusive',
      lines,
    });
  }
  return docs;
}

/** Screens in batches of 50, one batch of the flow every hour or so. */
function screenAll(book: ProfileBook, docs: DocFacts[]) {
  const flagged = new Map<string, string[]>();
  let volume = 0;
  for (let i = 0; i < docs.length; i += 50) {
    const hour = new Date(Date.UTC(2026, 0, 1) + (i / 50) * 3_600_000).toISOString().slice(0, 13);
    const out = screenDocuments(book, docs.slice(i, i + 50), { flowKey: 'invoices', partyLabel: 'customer', hour });
    for (const s of out.screened)
      if (s.findings.length)
        flagged.set(
          s.doc.sourceKey,
          s.findings.map((f) => f.kind),
        );
    if (out.volume) volume++;
  }
  return { flagged, volume };
}

describe('anomaly detectors', () => {
  it('flags at most 1% of 10,000 normal documents', () => {
    const docs = corpus(10_000, 20261103);
    const { flagged, volume } = screenAll(new ProfileBook(), docs);
    expect(flagged.size + volume).toBeLessThanOrEqual(100);
  });

  it('keeps each profile bounded however many documents it has seen', () => {
    const book = new ProfileBook();
    screenAll(book, corpus(3_000, 7));
    for (const p of book.changed()) {
      expect(((p.stats.recent as unknown[]) ?? []).length).toBeLessThanOrEqual(LIMITS.recent);
      expect(((p.stats.amounts as unknown[]) ?? []).length).toBeLessThanOrEqual(LIMITS.amounts);
      expect(Object.keys((p.stats.hours as object) ?? {}).length).toBeLessThanOrEqual(LIMITS.volumeHours);
    }
  });

  it('explains a planted duplicate, in the same batch or after the first was written; an expected pattern is not flagged again', () => {
    const book = new ProfileBook();
    const base = {
      date: '2026-11-03',
      total: '1250.00',
      currency: 'NZD',
      baseCurrency: 'NZD',
      priceBasis: 'exclusive',
      lines: [],
    };
    const first = { ...base, sourceKey: 'INV-1001', partyKey: 'ACME', reference: 'PO 4471' };
    const again = { ...base, sourceKey: 'INV-1002', partyKey: 'ACME', reference: 'PO4471' };
    const other = { ...base, sourceKey: 'INV-1003', partyKey: 'ACME', reference: 'PO4472' };
    const o = { flowKey: 'invoices', partyLabel: 'customer', hour: '2026-11-03T10' };
    const { screened } = screenDocuments(book, [first, again, other], o);
    expect(screened.map((s) => s.findings.map((f) => f.kind))).toEqual([[], ['duplicate'], []]);
    expect(screened[1].findings[0].explanation).toBe(
      "same customer ACME, same amount 1,250.00 and date 2026-11-03 as INV-1001 (reference 'PO4471' vs 'PO 4471')",
    );
    // the tenant marks it expected: the pattern is learned for ACME
    const pattern = referencePairPattern('PO4471', 'PO 4471');
    book.load('party', 'ACME', book.stats('party', 'ACME'), { pairs: [pattern] });
    const later = { ...again, sourceKey: 'INV-1004', reference: 'PO4471' };
    expect(screenDocuments(book, [later], o).screened[0].findings).toEqual([]);
    // cleared (approved) documents are written as they are
    const cleared = screenDocuments(
      book,
      [{ ...again, sourceKey: 'INV-1005', partyKey: 'ACME', reference: 'PO 4471.' }],
      {
        ...o,
        cleared: new Set(['INV-1005']),
      },
    );
    expect(cleared.screened[0].findings).toEqual([]);
  });

  it('tells near-equal references from neighbouring numbers', () => {
    expect(nearEqualReferences('PO 4471', 'po-4471')).toBe(true);
    expect(nearEqualReferences('PO-4471', 'PO-4471A')).toBe(true);
    expect(nearEqualReferences('PO-1', 'PO-2')).toBe(false);
    expect(nearEqualReferences('INV 12', 'ORDER 12')).toBe(false);
    expect(nearEqualReferences('', '')).toBe(false);
  });

  it('flags an outlier with its band once the customer has history, and an expected one widens the band', () => {
    const book = new ProfileBook();
    const o = { flowKey: 'invoices', partyLabel: 'customer', hour: '2026-11-03T10' };
    const doc = (i: number, total: string): DocFacts => ({
      sourceKey: `I${i}`,
      partyKey: 'ACME',
      date: '2026-11-03',
      total,
      currency: 'NZD',
      baseCurrency: 'NZD',
      priceBasis: 'exclusive',
      lines: [],
    });
    const early = screenDocuments(book, [doc(0, '90000.00')], o);
    expect(early.screened[0].findings).toEqual([]); // no history yet: not judged
    const history = Array.from({ length: LIMITS.minAmounts }, (_, i) => doc(i + 1, (1000 + 37 * i).toFixed(2)));
    screenDocuments(book, history, o);
    const big = screenDocuments(book, [doc(99, '250000.00')], o).screened[0].findings;
    expect(big.map((f) => f.kind)).toEqual(['outlier']);
    expect(big[0].explanation).toMatch(/^250,000\.00 NZD is \d+\.\d× above customer ACME's typical/);
    book.load('party', 'ACME', book.stats('party', 'ACME'), { low: '0.01', high: '250000.00' });
    expect(screenDocuments(book, [doc(100, '250000.00')], o).screened[0].findings).toEqual([]);
  });

  it('flags tax off its code’s rate, a rate away from the recent ones and a sudden burst', () => {
    const book = new ProfileBook();
    const docs = corpus(600, 11);
    screenAll(book, docs);
    const c = docs.find((d) => d.currency === 'USD')!;
    const wrongTax = {
      ...c,
      sourceKey: 'X1',
      reference: undefined,
      currency: 'NZD',
      rate: undefined,
      lines: [{ taxCode: 'G15', lineAmount: '100.00', taxAmount: '12.50' }],
    };
    const wrongRate = { ...c, sourceKey: 'X2', reference: undefined, rate: '0.900000', lines: [] };
    const o = { flowKey: 'invoices', partyLabel: 'customer', hour: '2026-01-13T00' };
    const out = screenDocuments(book, [wrongTax, wrongRate], o).screened;
    expect(out[0].findings.map((f) => f.kind)).toEqual(['tax']);
    expect(out[0].findings[0].explanation).toBe(
      'tax 12.50 on 100.00 at tax code G15 should be 15.00 at its usual 15.00%',
    );
    expect(out[1].findings.map((f) => f.kind)).toEqual(['exchange-rate']);
    const burst = Array.from({ length: 400 }, (_, i) => ({ ...wrongTax, sourceKey: `B${i}`, lines: [] }));
    expect(screenDocuments(book, burst, { ...o, hour: '2026-01-13T01' }).volume?.kind).toBe('volume');
  });

  it('writes money with thousands and its own places', () => {
    expect(money('1250')).toBe('1,250.00');
    expect(money('-1234567.125')).toBe('-1,234,567.125');
  });
});
