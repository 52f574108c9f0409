import { suggestAccounts } from './account-suggestions';
import { suggestTaxes } from './tax-suggestions';
import type { PriorDecision, X3AccountFacts, XeroAccountFacts, XeroTaxFacts } from './suggestion-types';
import { conceptsOf, similarity } from './vocabulary';

const xero: XeroAccountFacts[] = [
  { code: '090', name: 'Business Bank Account', type: 'BANK', accountClass: 'ASSET', active: true },
  { code: '200', name: 'Sales', type: 'REVENUE', accountClass: 'REVENUE', active: true },
  { code: '310', name: 'Cost of Goods Sold', type: 'DIRECTCOSTS', accountClass: 'EXPENSE', active: true },
  { code: '610', name: 'Accounts Receivable', type: 'CURRENT', systemAccount: 'DEBTORS', active: true },
  { code: '800', name: 'Accounts Payable', type: 'CURRLIAB', systemAccount: 'CREDITORS', active: true },
  { code: '820', name: 'Sales Tax', type: 'CURRLIAB', systemAccount: 'GST', active: true },
  { code: '499', name: 'Old Marketing (archived)', type: 'EXPENSE', active: false },
];
const pcg: X3AccountFacts[] = [
  { code: '411000', description: 'Clients', chart: 'PCG', classCode: '4' },
  { code: '401000', description: 'Fournisseurs', chart: 'PCG', classCode: '4' },
  { code: '707000', description: 'Ventes de marchandises', chart: 'PCG', classCode: '7' },
  { code: '607000', description: 'Achats de marchandises', chart: 'PCG', classCode: '6' },
  { code: '445710', description: 'TVA collectée', chart: 'PCG', classCode: '4' },
  { code: '445660', description: 'TVA déductible', chart: 'PCG', classCode: '4' },
  { code: '512000', description: 'Banque', chart: 'PCG', classCode: '5' },
];
const pick = (list: ReturnType<typeof suggestAccounts>, source: string) => list.find((p) => p.source.key === source);

describe('vocabulary', () => {
  it('brings French and English finance words to the same concepts', () => {
    expect(similarity(conceptsOf('Clients'), conceptsOf('Trade debtors'))).toBe(1);
    expect(similarity(conceptsOf('Fournisseurs'), conceptsOf('Accounts Payable'))).toBe(1);
    expect(similarity(conceptsOf('TVA collectée'), conceptsOf('Sales Tax'))).toBe(1);
    expect(similarity(conceptsOf('Achats de marchandises'), conceptsOf('Cost of goods sold'))).toBeGreaterThan(0);
    expect(similarity(conceptsOf('Banque'), conceptsOf('Bank'))).toBe(1);
    expect(similarity(conceptsOf('Clients'), conceptsOf('Fournisseurs'))).toBe(0);
  });
});

describe('suggestAccounts', () => {
  const proposals = suggestAccounts(pcg, xero);

  it('pairs the French PCG chart with the Xero chart, with reasons', () => {
    expect(pick(proposals, '411000')).toMatchObject({ target: { key: '610' }, kind: 'accounts', scope: 'journal' });
    expect(pick(proposals, '411000')!.reasons.join(' ')).toMatch(/both are the receivable control account/);
    expect(pick(proposals, '401000')?.target.key).toBe('800');
    expect(pick(proposals, '707000')?.target.key).toBe('200');
    expect(pick(proposals, '607000')?.target.key).toBe('310');
    expect(pick(proposals, '445710')?.target.key).toBe('820');
    expect(pick(proposals, '512000')?.target.key).toBe('090');
    for (const p of proposals) {
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('gives each Xero account to one X3 account only (deductible VAT does not also get 820)', () => {
    const targets = proposals.map((p) => p.target.key);
    expect(new Set(targets).size).toBe(targets.length);
    expect(pick(proposals, '445660')?.target.key).not.toBe('820');
  });

  it('never proposes an archived Xero account', () => {
    const marketing = suggestAccounts([{ code: '6230', description: 'Old marketing' }], xero);
    expect(marketing.map((p) => p.target.key)).not.toContain('499');
  });

  it('two receivable accounts compete for the one DEBTORS account: the better named one wins', () => {
    const two = suggestAccounts(
      [
        { code: '1100', description: 'Trade debtors' },
        { code: '1105', description: 'Debtors - staff loans' },
      ],
      xero,
    );
    expect(two.filter((p) => p.target.key === '610').map((p) => p.source.key)).toEqual(['1100']);
  });

  it('a pair confirmed here comes first; one rejected here is never proposed again', () => {
    const confirmed: PriorDecision[] = [
      { kind: 'accounts', scope: 'journal', sourceKey: '445660', targetKey: '820', decision: 'accepted', here: true },
    ];
    const after = suggestAccounts(pcg, xero, confirmed);
    expect(pick(after, '445660')).toMatchObject({ target: { key: '820' }, confidence: 1 });
    expect(pick(after, '445660')!.reasons[0]).toBe('you confirmed 445660 ↔ 820 before');
    expect(pick(after, '445710')?.target.key).not.toBe('820');

    const rejected: PriorDecision[] = [
      { kind: 'accounts', scope: 'journal', sourceKey: '411000', targetKey: '610', decision: 'rejected', here: true },
    ];
    expect(pick(suggestAccounts(pcg, xero, rejected), '411000')?.target.key).not.toBe('610');
  });

  it('a decision on another integration moves the score but does not force it', () => {
    const elsewhere: PriorDecision[] = [
      { kind: 'accounts', scope: 'journal', sourceKey: '512000', targetKey: '090', decision: 'accepted', here: false },
    ];
    const p = pick(suggestAccounts(pcg, xero, elsewhere), '512000')!;
    expect(p.reasons[0]).toBe('you confirmed 512000 ↔ 090 on another integration');
    expect(p.confidence).toBeGreaterThan(pick(proposals, '512000')!.confidence);
  });
});

describe('suggestTaxes', () => {
  const rates: XeroTaxFacts[] = [
    { taxType: 'OUTPUT2', name: '20% (VAT on Income)', rate: '20', reportTaxType: 'OUTPUT', active: true },
    { taxType: 'INPUT2', name: '20% (VAT on Expenses)', rate: '20', reportTaxType: 'INPUT', active: true },
    { taxType: 'RROUTPUT', name: '5% (VAT on Income)', rate: '5', reportTaxType: 'OUTPUT', active: true },
    { taxType: 'ZERORATEDOUTPUT', name: 'Zero Rated Income', rate: '0', reportTaxType: 'OUTPUT', active: true },
    { taxType: 'EXEMPTOUTPUT', name: 'Exempt Income', rate: '0', reportTaxType: 'EXEMPTOUTPUT', active: true },
    { taxType: 'NONE', name: 'No VAT', rate: '0', reportTaxType: 'NONE', active: true },
  ];
  const codes = [
    { code: 'FRN', description: 'TVA normale 20%', rate: '20.000', rules: [{ rule: 'FRA', level: 'NOR' }] },
    { code: 'FRR', description: 'TVA réduite 5,5%', rate: '5.500', rules: [{ rule: 'FRA', level: 'RED' }] },
    { code: 'EXO', description: 'Exonéré', rate: '0.000', rules: [{ rule: 'FRA', level: 'EXO' }] },
  ];
  const out = suggestTaxes(codes, rates);
  const sales = (code: string) => out.find((p) => p.scope === 'sales' && p.source.key === code);
  const purchase = (code: string) => out.find((p) => p.scope === 'purchase' && p.source.key === code);

  it('pairs by rate and side, saying so, with the X3 rule/level', () => {
    expect(sales('FRN')).toMatchObject({ target: { key: 'OUTPUT2' } });
    expect(sales('FRN')!.reasons).toContain('same tax rate 20% and output side');
    expect(sales('FRN')!.reasons).toContain('X3 tax rule/level FRA/NOR');
    expect(purchase('FRN')?.target.key).toBe('INPUT2');
    expect(sales('EXO')?.target.key).toBe('EXEMPTOUTPUT');
  });

  it('xero-to-x3: keyed by the Xero TaxType, one X3 code each', () => {
    const back = suggestTaxes(codes, rates, [], { reverse: true, sides: ['purchase'] });
    expect(back.every((p) => p.scope === 'purchase')).toBe(true);
    expect(back.find((p) => p.source.key === 'INPUT2')).toMatchObject({
      target: { key: 'FRN', label: 'TVA normale 20%' },
    });
    const targets = back.map((p) => p.target.key);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it('a rate Xero does not have is proposed with low confidence, never as a same-rate pair', () => {
    expect(sales('FRR')!.reasons).not.toContain('same tax rate 5.5% and output side');
    expect(sales('FRR')!.confidence).toBeLessThan(sales('FRN')!.confidence);
  });
});
