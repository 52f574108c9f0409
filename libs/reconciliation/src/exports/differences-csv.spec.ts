import { safeCell } from './differences-csv';

describe('CSV cells a spreadsheet shows as text, never runs', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://x","y")'])(
    'neutralises %j with a leading apostrophe',
    (cell) => expect(safeCell(cell)).toBe(`'${cell}`),
  );

  it.each(['-0.01', '100.00', '0', '-12', 'INV-001', 'Acme = Co', ''])('keeps %j as it is', (cell) =>
    expect(safeCell(cell)).toBe(cell),
  );
});
