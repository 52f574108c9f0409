import {
  appliedBySync,
  countsLine,
  differenceTotal,
  lastMonthUtc,
  runStateTone,
  sideLine,
  todayUtc,
} from '../src/features/reconciliation/recon-labels';
import { pdfStructure } from './pdf-structure';

describe('reconciliation wording in the SPA', () => {
  it("counts a run's differences per class in the api's order, leaving out what it compared", () => {
    const counts = { compared: 6, status: 1, missingInXero: 2, rounding: 1 };
    expect(countsLine(counts)).toBe('2 missing in Xero · 1 rounding (up to 0.01) · 1 status differs');
    expect(differenceTotal(counts)).toBe(4);
    expect(countsLine({ compared: 10 })).toBe('none');
    expect(differenceTotal({ compared: 10 })).toBe(0);
  });

  it("shows one side's copy with its amounts as the api wrote them, the amount due only when it differs", () => {
    const copy = {
      recordKey: 'INV-1',
      counterparty: 'C001',
      documentDate: '2026-11-20',
      currency: 'NZD',
      total: '100.10',
      amountDue: '100.10',
      status: 'authorised',
    };
    expect(sideLine(copy)).toBe('INV-1 · 100.10 NZD · authorised');
    expect(sideLine({ ...copy, amountDue: '40.00' })).toBe('INV-1 · 100.10 NZD · due 40.00 · authorised');
    expect(sideLine({ ...copy, total: null, amountDue: null, status: null })).toBe('INV-1');
  });

  it('offers the last month by default, in UTC, across a year end', () => {
    expect(lastMonthUtc(new Date('2026-12-02T10:00:00Z'))).toBe('2026-11');
    expect(lastMonthUtc(new Date('2027-01-01T00:30:00Z'))).toBe('2026-12');
    expect(lastMonthUtc(new Date('2026-03-31T23:59:00Z'))).toBe('2026-02');
    expect(todayUtc(new Date('2026-11-30T23:59:59Z'))).toBe('2026-11-30');
  });

  it("applies a re-send, a duplicate's void, a create or a payment in X3 and a mapping entry through the sync; a run that is not finished reads as pending", () => {
    const bySync = ['resend-x3', 'void-duplicate', 'create-in-x3', 'carry-payment', 'add-mapping'];
    expect(bySync.map((a) => appliedBySync(a as never))).toEqual(bySync.map(() => true));
    expect(['credit-note', 'none'].map((a) => appliedBySync(a as never))).toEqual([false, false]);
    expect(['queued', 'running', 'done', 'failed'].map((s) => runStateTone(s as never))).toEqual([
      'pending',
      'pending',
      'ok',
      'failed',
    ]);
  });
});

describe("the browser test's PDF reader", () => {
  const pdf = (body: string[]) => {
    let text = '%PDF-1.3\n';
    const offsets: number[] = [];
    body.forEach((obj, i) => {
      offsets.push(text.length);
      text += `${i + 1} 0 obj\n${obj}\nendobj\n`;
    });
    const xref = text.length;
    text += `xref\n0 ${body.length + 1}\n0000000000 65535 f \n`;
    text += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
    text += `trailer\n<<\n/Size ${body.length + 1}\n/Root 1 0 R\n>>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(text, 'latin1');
  };
  const good = [
    '<<\n/Type /Catalog\n/Pages 2 0 R\n>>',
    '<<\n/Type /Pages\n/Count 1\n/Kids [3 0 R]\n>>',
    '<<\n/Type /Page\n>>',
  ];

  it('reads the catalogue and counts the pages', () => {
    expect(pdfStructure(pdf(good))).toEqual({ version: '1.3', objects: 3, pages: 1 });
  });

  it('refuses a file that is not a PDF, cut short, or whose table points elsewhere', () => {
    expect(() => pdfStructure(Buffer.from('{"message":"not found"}'))).toThrow('no %PDF- header');
    const whole = pdf(good);
    expect(() => pdfStructure(whole.subarray(0, whole.length - 20))).toThrow('no %%EOF');
    const shifted = Buffer.from(whole.toString('latin1').replace('1 0 obj', '1 0 ob'), 'latin1');
    expect(() => pdfStructure(shifted)).toThrow(/is not at offset|does not point/);
  });
});
