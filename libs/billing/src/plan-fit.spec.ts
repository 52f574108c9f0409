import { fairUseStop, nextMonthStart, planMissOf } from './plan-fit';
import { PLANS } from './plans';

describe('planMissOf', () => {
  const starter = PLANS.starter.entitlements;
  const growth = PLANS.growth.entitlements;
  const flow = (entity: string, trigger: { kind: string; everySeconds?: number }, enabled = true) => ({
    entity,
    trigger,
    enabled,
  });

  it('lets a core entity on a 15-minute schedule through on Starter', () => {
    expect(planMissOf(flow('invoice', { kind: 'x3-poll', everySeconds: 900 }), 'starter', starter)).toBeNull();
  });

  it('names the entity Starter leaves out', () => {
    expect(planMissOf(flow('payment', { kind: 'x3-poll', everySeconds: 900 }), 'starter', starter)).toEqual({
      entitlement: 'entities',
      message: 'The Starter plan does not include payment flows; upgrade to switch this one on',
    });
  });

  it('refuses real time and polls shorter than the plan allows', () => {
    expect(planMissOf(flow('customer', { kind: 'webhook' }), 'starter', starter)?.entitlement).toBe('realTime');
    expect(planMissOf(flow('customer', { kind: 'x3-poll', everySeconds: 60 }), 'starter', starter)).toEqual({
      entitlement: 'minPollSeconds',
      message: 'The Starter plan polls at most every 15 minutes',
    });
    expect(planMissOf(flow('customer', { kind: 'x3-poll', everySeconds: 60 }), 'growth', growth)).toBeNull();
  });

  it('never holds a flow that is switched off', () => {
    expect(planMissOf(flow('payment', { kind: 'webhook' }, false), 'starter', starter)).toBeNull();
  });
});

describe('fair use', () => {
  it('stops writes 10% past the allowance, in whole records', () => {
    expect(fairUseStop(5_000)).toBe(5_500);
    expect(fairUseStop(3)).toBe(4);
  });

  it('starts again on the first of the next month, UTC, across a year end', () => {
    expect(nextMonthStart(new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextMonthStart(new Date('2026-02-01T00:00:00Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
