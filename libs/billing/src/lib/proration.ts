/*
 * Proration of a price change (lifecycle.md §3): the customer is credited the
 * unused part of the old price and charged the remaining part of the new one.
 * Amounts are integer cents (money.ts); the arithmetic is done in BigInt
 * because amount × milliseconds leaves the range where doubles are exact.
 */

import { assertAmount } from './money';

/** One line of an invoice's `adjustments`: a signed amount in cents and why it is there. */
export interface AdjustmentLine {
  amount: number;
  reason: string;
}

/**
 * round(amount × r / periodMs), r = remainingMs clamped to [0, periodMs], rounding half
 * away from zero so that prorating a negative amount mirrors the positive one.
 */
export function prorate(amount: number, remainingMs: number, periodMs: number): number {
  assertSafeInteger('amount', amount);
  assertSafeInteger('remainingMs', remainingMs);
  if (!Number.isSafeInteger(periodMs) || periodMs < 1) {
    throw new RangeError(`periodMs must be an integer ≥ 1, got ${periodMs}`);
  }
  return prorateExact(amount, BigInt(remainingMs), BigInt(periodMs));
}

/**
 * The credit and charge lines of a price change made at `at` in the period
 * [periodStart, periodEnd). A change at or after periodEnd prorates nothing;
 * one at or before periodStart prorates the whole period.
 */
export function prorationLines(change: {
  oldAmount: number;
  newAmount: number;
  periodStart: Date;
  periodEnd: Date;
  at: Date;
}): { credit: AdjustmentLine; charge: AdjustmentLine } {
  const { oldAmount, newAmount, periodStart, periodEnd, at } = change;
  assertAmount('oldAmount', oldAmount);
  assertAmount('newAmount', newAmount);
  assertValidDate('periodStart', periodStart);
  assertValidDate('periodEnd', periodEnd);
  assertValidDate('at', at);
  if (periodEnd.getTime() <= periodStart.getTime()) {
    throw new RangeError(
      `periodEnd (${periodEnd.toISOString()}) must be later than periodStart (${periodStart.toISOString()})`,
    );
  }
  // Differences of two Date values can exceed 2^53, so they are taken in BigInt too.
  const remainingMs = BigInt(periodEnd.getTime()) - BigInt(at.getTime());
  const periodMs = BigInt(periodEnd.getTime()) - BigInt(periodStart.getTime());
  const from = isoSeconds(at);
  const to = isoSeconds(periodEnd);
  return {
    credit: {
      // 0 − x rather than −x: a credit of nothing must be 0, not −0.
      amount: 0 - prorateExact(oldAmount, remainingMs, periodMs),
      reason: `Unused time from ${from} to ${to}`,
    },
    charge: {
      amount: prorateExact(newAmount, remainingMs, periodMs),
      reason: `Remaining time from ${from} to ${to}`,
    },
  };
}

function prorateExact(amount: number, remainingMs: bigint, periodMs: bigint): number {
  const r = remainingMs < 0n ? 0n : remainingMs > periodMs ? periodMs : remainingMs;
  const magnitude = BigInt(Math.abs(amount)) * r;
  let rounded = magnitude / periodMs;
  // Half away from zero: round the magnitude up when the remainder is at least half of the divisor.
  if (2n * (magnitude % periodMs) >= periodMs) rounded += 1n;
  // |result| ≤ |amount|, so it converts back exactly; a BigInt zero has no sign, so this is never −0.
  return Number(amount < 0 ? -rounded : rounded);
}

// Reasons are read by people, so milliseconds are left out; the zone as the API writes it (billy.md §2.3).
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function assertSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${value}`);
  }
}

function assertValidDate(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}
