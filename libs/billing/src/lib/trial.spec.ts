import { MAX_TRIAL_DAYS, trialEndAfter } from './trial';

describe('trialEndAfter', () => {
  const start = new Date('2026-01-31T12:00:00Z');

  it('should end whole days of 24 hours after the start', () => {
    expect(trialEndAfter(start, 14)).toEqual(new Date('2026-02-14T12:00:00Z'));
    expect(trialEndAfter(start, MAX_TRIAL_DAYS)).toEqual(new Date('2028-01-31T12:00:00Z'));
  });

  it('should mean no trial when given 0 days', () => {
    expect(trialEndAfter(start, 0)).toBeNull();
  });

  it.each([-1, MAX_TRIAL_DAYS + 1, 1.5, Number.NaN])('should refuse %p days', (days) => {
    expect(() => trialEndAfter(start, days)).toThrow(RangeError);
  });
});
