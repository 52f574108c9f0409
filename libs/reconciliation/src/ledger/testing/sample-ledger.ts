import type { RunLedger } from '../run-ledger';

/**
 * What the worker stores for a run that compared the GL (run-ledger.ts), for the suites that read
 * it over HTTP or in the browser: a cent apart on 200, 610 equal, X3's 310 unmapped (its movement
 * written as text a spreadsheet would run, to prove the exports neutralise it).
 */
export function sampleLedger(asOf: string, monthFrom: string): RunLedger {
  return {
    asOf,
    inStepFrom: '2026-07-01',
    monthFrom,
    lines: [
      {
        xeroCode: '200',
        x3Accounts: ['200'],
        x3Balance: '-500.00',
        xeroBalance: '-500.01',
        difference: '0.01',
        class: 'rounding',
      },
      {
        xeroCode: '610',
        x3Accounts: ['610'],
        x3Balance: '575.00',
        xeroBalance: '575.00',
        difference: '0.00',
        class: 'equal',
      },
      {
        xeroCode: null,
        x3Accounts: ['310'],
        x3Balance: '=7.00',
        xeroBalance: '0.00',
        difference: '7.00',
        class: 'unmapped',
      },
    ],
    monthLines: [
      {
        xeroCode: '200',
        x3Accounts: ['200'],
        x3Balance: '-50.00',
        xeroBalance: '-50.01',
        difference: '0.01',
        class: 'rounding',
      },
    ],
    accountMap: { '200': '200', '610': '610' },
  };
}
