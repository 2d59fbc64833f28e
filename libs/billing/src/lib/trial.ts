/** Trials last from 0 (none) to two years of days (lifecycle.md §5). */
export const MAX_TRIAL_DAYS = 730;

const MS_PER_DAY = 86_400_000;

/** The end of a trial of `days` days that starts at `start`, or null for none. */
export function trialEndAfter(start: Date, days: number): Date | null {
  if (!Number.isSafeInteger(days) || days < 0 || days > MAX_TRIAL_DAYS) {
    throw new RangeError(`trial days must be an integer from 0 to ${MAX_TRIAL_DAYS}, got ${days}`);
  }
  return days === 0 ? null : new Date(start.getTime() + days * MS_PER_DAY);
}
