import { normaliseEmail, normaliseName, normaliseTaxNumber, xeroNameKey } from './normalise';

describe('normaliseName', () => {
  it.each([
    ['London Stationers Ltd', 'london stationers limited'],
    ['Outback Freight Pty Ltd', 'OUTBACK FREIGHT PTY. LTD.'],
    ['Bureau Vallée Paris', 'bureau vallee paris'],
    ['Müller GmbH & Co. KG', 'Muller'],
    ['Utopia France SA', 'Utopia France S.A.'],
    ['Boston Gadgets LLC', 'Boston Gadgets'],
    ['The Widget Company', 'Widget'],
    ['Smith & Sons', 'Smith and Sons'],
    ['Fournitures du Midi SARL', '  Fournitures   du Midi, S.A.R.L. '],
  ])('%s meets %s', (a, b) => {
    expect(normaliseName(a)).toBe(normaliseName(b));
    expect(normaliseName(a)).not.toBe('');
  });

  it.each([
    ['Acme Widgets', 'Acme Gadgets'],
    ['Auckland Tech', 'Auckland Technology'],
    ['North American Retail Inc', 'South American Retail Inc'],
  ])('keeps %s apart from %s', (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });

  it('never strips a name down to nothing', () => {
    expect(normaliseName('Limited')).toBe('limited');
    expect(normaliseName('Co Ltd')).toBe('co');
    expect(normaliseName('  ')).toBe('');
    expect(normaliseName(undefined)).toBe('');
  });
});

describe('other keys', () => {
  it('compares tax numbers on letters and digits, emails without case', () => {
    expect(normaliseTaxNumber('GB 123-456 789')).toBe(normaliseTaxNumber('gb123456789'));
    expect(normaliseEmail(' Accounts@Acme.Example ')).toBe('accounts@acme.example');
    expect(xeroNameKey(' ACME Ltd ')).toBe(xeroNameKey('acme ltd'));
    expect(xeroNameKey('Acme Ltd')).not.toBe(xeroNameKey('Acme Limited'));
  });
});
