// The keys records are compared on. Names are normalised so that what a person typed into Xero
// ("ACME widgets limited") meets what X3 holds ("Acme Widgets Ltd"), without merging firms whose
// names differ in anything but case, accents, punctuation, spacing, "&"/"and", a leading "The" or
// a legal-form suffix.

/**
 * Legal-form words removed from the end of a name (repeatedly: "Pty Ltd", "GmbH & Co KG"). They
 * say how a firm is registered, not which firm it is, and people drop or expand them freely
 * (Ltd/Limited, Inc/Incorporated). Covers the forms of the countries our X3 companies and Xero
 * regions trade in: UK/IE/NZ/AU/ZA, US/CA, FR, DE/AT/CH, ES/PT, IT, Benelux, the Nordics, Asia.
 */
const LEGAL_SUFFIXES = new Set([
  'ltd',
  'limited',
  'plc',
  'llp',
  'lp',
  'pty',
  'proprietary',
  'pte',
  'pvt',
  'private',
  'inc',
  'incorporated',
  'llc',
  'corp',
  'corporation',
  'co',
  'company',
  'cc',
  'sa',
  'sas',
  'sasu',
  'sarl',
  'eurl',
  'sci',
  'snc',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'eg',
  'sl',
  'slu',
  'lda',
  'sau',
  'srl',
  'spa',
  'sapa',
  'bv',
  'nv',
  'vof',
  'bvba',
  'sprl',
  'ab',
  'as',
  'asa',
  'oy',
  'oyj',
  'aps',
  'kk',
  'bhd',
  'sdn',
  'tbk',
]);

/** Lower case, accents and punctuation gone, "&" read as "and", spaces collapsed. */
function words(text: string): string[] {
  // Most names are plain ASCII: only the others need their accents decomposed and dropped.
  const plain = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
  return (
    plain
      .toLowerCase()
      .replace(/&/g, ' and ')
      // "S.A.R.L." and "Pty. Ltd." are the same words as "SARL" and "Pty Ltd"
      .replace(/(?<=\b\p{L})\.(?=\p{L}\b)/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .split(' ')
      .filter(Boolean)
  );
}

/** The key two party names are compared on; '' when nothing identifying is left. */
export function normaliseName(name: string | undefined): string {
  if (!name) return '';
  const w = words(name);
  // A trailing "and co" / "& Co" is part of the legal form ("GmbH & Co KG").
  while (w.length > 1 && (LEGAL_SUFFIXES.has(w[w.length - 1]) || w[w.length - 1] === 'and')) w.pop();
  if (w.length > 1 && w[0] === 'the') w.shift();
  return w.join(' ');
}

/**
 * Xero's own test for a duplicate contact name: the same text ignoring case and surrounding
 * spaces (the sandbox's rule; Xero's message says "unique across all active contacts").
 */
export function xeroNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** VAT / GST / ABN numbers: letters and digits only, upper case ("GB 123 4567 89" = "gb123456789"). */
export function normaliseTaxNumber(value: string | undefined): string {
  return (value ?? '').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function normaliseEmail(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

/** Item and account codes: Xero treats them case-insensitively; surrounding spaces are never meant. */
export function normaliseCode(value: string | undefined): string {
  return (value ?? '').trim().toUpperCase();
}
