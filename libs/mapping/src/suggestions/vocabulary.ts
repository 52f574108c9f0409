// Finance words of both ledgers brought to shared concepts, so "Clients", "Trade debtors" and
// "Accounts Receivable" meet. Hand-written FR/EN lists: no model, no data from either API.

/** Phrases read as one concept before words are split (longest first). */
const PHRASES: Array<[RegExp, string]> = [
  [/\bcost of (the )?goods sold\b|\bcost of sales\b|\bcouts? des ventes\b|\bcogs\b/g, ' @PURCHASE '],
  [/\bzero[- ]?rat(ed|e)\b|\btaux zero\b/g, ' @ZERO '],
  [/\bgst[- ]free\b|\btax[- ]free\b|\bexoneree?s?\b/g, ' @EXEMPT '],
  [/\bretained (earnings|profits?)\b|\breport a nouveau\b/g, ' @EQUITY '],
  [/\bcurrent account\b|\bcompte courant\b/g, ' @BANK '],
  [/\bsales tax\b/g, ' @OUTPUT @TAX '],
  [/\bat cost\b/g, ' '],
];

/** One word → its concept (words already lower-case, accents stripped, plural 's' dropped). */
const WORDS: Record<string, string> = {
  client: 'RECEIVABLE',
  customer: 'RECEIVABLE',
  debtor: 'RECEIVABLE',
  debiteur: 'RECEIVABLE',
  receivable: 'RECEIVABLE',
  creance: 'RECEIVABLE',
  fournisseur: 'PAYABLE',
  supplier: 'PAYABLE',
  creditor: 'PAYABLE',
  crediteur: 'PAYABLE',
  payable: 'PAYABLE',
  vendor: 'PAYABLE',
  dette: 'PAYABLE',
  vente: 'REVENUE',
  sale: 'REVENUE',
  sales: 'REVENUE',
  revenue: 'REVENUE',
  income: 'REVENUE',
  turnover: 'REVENUE',
  produit: 'REVENUE',
  achat: 'PURCHASE',
  purchase: 'PURCHASE',
  purchased: 'PURCHASE',
  expense: 'EXPENSE',
  expenses: 'EXPENSE',
  banque: 'BANK',
  bank: 'BANK',
  cheque: 'BANK',
  check: 'BANK',
  checking: 'BANK',
  cash: 'BANK',
  tresorerie: 'BANK',
  tva: 'TAX',
  vat: 'TAX',
  gst: 'TAX',
  tax: 'TAX',
  taxe: 'TAX',
  iva: 'TAX',
  collectee: 'OUTPUT',
  collected: 'OUTPUT',
  output: 'OUTPUT',
  deductible: 'INPUT',
  recoverable: 'INPUT',
  paid: 'INPUT',
  input: 'INPUT',
  zero: 'ZERO',
  exempt: 'EXEMPT',
  free: 'EXEMPT',
  exemption: 'EXEMPT',
  none: 'NONE',
  no: 'NONE',
  standard: 'STANDARD',
  normal: 'STANDARD',
  normale: 'STANDARD',
  reduced: 'REDUCED',
  reduit: 'REDUCED',
  reduite: 'REDUCED',
  import: 'IMPORT',
  imports: 'IMPORT',
  importation: 'IMPORT',
  capital: 'CAPITAL',
  stock: 'INVENTORY',
  inventory: 'INVENTORY',
  marchandise: 'GOODS',
  goods: 'GOODS',
  merchandise: 'GOODS',
  equity: 'EQUITY',
  owner: 'EQUITY',
  fee: 'FEE',
  frais: 'FEE',
  charge: 'FEE',
  commission: 'FEE',
  cost: 'EXPENSE',
  other: 'OTHER',
  sundry: 'OTHER',
  miscellaneous: 'OTHER',
  misc: 'OTHER',
  divers: 'OTHER',
  saving: 'saving',
  livret: 'saving',
  epargne: 'saving',
  broadband: 'internet',
  // French words of expense accounts, to the English a Xero chart uses
  loyer: 'rent',
  publicite: 'advertising',
  telephone: 'telephone',
  phone: 'telephone',
  telecommunication: 'telephone',
  assurance: 'insurance',
  deplacement: 'travel',
  voyage: 'travel',
  materiel: 'equipment',
  bureau: 'office',
  interet: 'interest',
  nettoyage: 'cleaning',
  honoraire: 'consulting',
};

/** Words that carry nothing: articles, "account", numbers are dropped separately. */
const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'on',
  'for',
  'and',
  'to',
  'by',
  'in',
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'd',
  'l',
  'sur',
  'pour',
  'at',
  'with',
  'account',
  'accounts',
  'compte',
  'comptes',
  'acct',
  'rate',
  'taux',
  'ledger',
  'control',
  'trade',
]);

/** Lower case, accents and punctuation gone. */
export function plainText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9%.]+/g, ' ')
    .trim();
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The name as a set of concepts and leftover words ("Trade debtors" → {RECEIVABLE}). */
export function conceptsOf(text: string): Set<string> {
  let plain = ` ${plainText(text)} `;
  for (const [pattern, concept] of PHRASES) plain = plain.replace(pattern, concept);
  const out = new Set<string>();
  for (const raw of plain.split(/\s+/)) {
    if (!raw || /^[0-9.,%]+$/.test(raw)) continue;
    if (raw.startsWith('@')) {
      out.add(raw.slice(1)); // a phrase already read as its concept
      continue;
    }
    const word = singular(raw);
    if (STOPWORDS.has(raw) || STOPWORDS.has(word)) continue;
    out.add(WORDS[raw] ?? WORDS[word] ?? word);
  }
  return out;
}

/**
 * Jaccard similarity of two concept sets (0 when either is empty), each concept weighted by
 * `weight` (default 1): a word many target names share ("bank") tells less than a rare one ("savings").
 */
export function similarity(a: Set<string>, b: Set<string>, weight: (concept: string) => number = () => 1): number {
  if (!a.size || !b.size) return 0;
  let both = 0;
  let either = 0;
  for (const x of new Set([...a, ...b])) {
    const w = weight(x);
    either += w;
    if (a.has(x) && b.has(x)) both += w;
  }
  return either ? both / either : 0;
}

/** Weights 1 / (1 + how many of the names hold the concept). */
export function rarityWeights(names: Iterable<Set<string>>): (concept: string) => number {
  const counts = new Map<string, number>();
  for (const set of names) for (const c of set) counts.set(c, (counts.get(c) ?? 0) + 1);
  return (concept) => 1 / (1 + (counts.get(concept) ?? 0));
}

/** The concepts two names share, for the reason shown to the user. */
export function shared(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => b.has(x));
}
