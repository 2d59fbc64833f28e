import { Static, Type } from '@sinclair/typebox';
import { Cents, Currency } from './json-types';

const Count = () => Type.Integer({ minimum: 0 });

/** The overview of a company's billing (README, "Reports"). */
export const ReportSummarySchema = Type.Object({
  mrr: Type.Array(
    Type.Object({
      currency: Currency(),
      amount: Cents('Monthly recurring revenue: each active or past-due subscription, after its discount, per month'),
    }),
    { description: 'Per currency, largest first' },
  ),
  subscriptions: Type.Object(
    { trialing: Count(), active: Count(), past_due: Count(), paused: Count() },
    { description: 'Subscriptions not canceled, by status' },
  ),
  failed_payments_last_7_days: Count(),
});

/** Money settled and refunded per day (UTC) and currency. */
export const RevenueReportSchema = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      currency: Currency(),
      settled: Cents('Debits that succeeded that day'),
      refunded: Cents('Refunds that succeeded that day'),
      net: Cents('settled − refunded'),
    }),
    { description: 'Oldest first; only the days and currencies with a movement' },
  ),
});

export type ReportSummaryJson = Static<typeof ReportSummarySchema>;
export type RevenueReportJson = Static<typeof RevenueReportSchema>;
