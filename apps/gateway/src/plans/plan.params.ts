import { FREQUENCIES, Frequency, MAX_TRIAL_DAYS } from '@billy/billing';
import type { PlanType } from '@billy/persistence';
import { OptionalCurrency } from '../http/input/currency-param';
import { OptionalInteger, RequiredInteger, RequiredWord } from '../http/input/params';

export const PLAN_TYPES: readonly PlanType[] = ['debit', 'credit'];

/** Plans bill every 1 to MAX_INTERVAL units; beyond that dates leave the calendar. */
export const MAX_INTERVAL = 1000;

export class CreatePlanParams {
  @RequiredWord(PLAN_TYPES, 'debit charges the customer, credit pays out')
  plan_type: PlanType;

  @RequiredWord(FREQUENCIES, 'The billing unit')
  frequency: Frequency;

  @RequiredInteger(50, "Amount in the currency's minor unit, at least 50")
  amount: number;

  @OptionalCurrency()
  currency?: string;

  @OptionalInteger(1, 'Bill every `interval` units (default 1)', MAX_INTERVAL)
  interval?: number;

  @OptionalInteger(0, 'Days of free trial new subscriptions get (default 0)', MAX_TRIAL_DAYS)
  trial_days?: number;
}
