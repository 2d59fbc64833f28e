const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Waits between the POSTs of one webhook delivery: after the 1st failed POST,
 * the 2nd, … About four days in all, so an integrator's outage of up to three
 * days loses no event. When the list is spent, the delivery has failed.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  30_000,
  2 * MINUTE_MS,
  10 * MINUTE_MS,
  HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  24 * HOUR_MS,
  24 * HOUR_MS,
  24 * HOUR_MS,
];

/** Deliveries in a row that fail for good before Billy disables their endpoint. */
export const WEBHOOK_FAILED_DELIVERIES_BEFORE_DISABLE = 5;

/** The wait after `failedPosts` failed POSTs (1-based), or null when the delivery has failed for good. */
export function webhookRetryDelayMs(failedPosts: number): number | null {
  if (!Number.isSafeInteger(failedPosts) || failedPosts < 1) {
    throw new RangeError(`failedPosts must be an integer ≥ 1, got ${failedPosts}`);
  }
  return WEBHOOK_RETRY_DELAYS_MS[failedPosts - 1] ?? null;
}
