import { matchingStep, newTotpSecret, totpFor } from './staff-totp';

describe('staff TOTP codes', () => {
  const totp = totpFor(newTotpSecret(), 'sam@ledgerbridge.test');
  const now = Date.UTC(2026, 0, 1, 12, 0, 10); // 10 s into a 30 s step
  const step = Math.floor(now / 30_000);
  const codeAt = (offsetSteps: number) => totp.generate({ timestamp: now + offsetSteps * 30_000 });

  it('names the time step a code belongs to, one step of drift either side', () => {
    expect(matchingStep(totp, codeAt(0), now)).toBe(step);
    expect(matchingStep(totp, codeAt(-1), now)).toBe(step - 1);
    expect(matchingStep(totp, codeAt(1), now)).toBe(step + 1);
  });

  it('refuses codes two steps away and anything that is not six digits', () => {
    for (const code of [codeAt(-2), codeAt(2)].filter((c) => ![codeAt(-1), codeAt(0), codeAt(1)].includes(c)))
      expect(matchingStep(totp, code, now)).toBeNull();
    expect(matchingStep(totp, '12345', now)).toBeNull();
    expect(matchingStep(totp, `${codeAt(0)} `, now)).toBeNull();
  });
});
