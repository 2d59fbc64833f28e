import { Injectable } from '@nestjs/common';
import type { ReportSummaryJson, RevenueReportJson } from '@billy/api-shapes';
import { Db } from '../database/db';
import type { DayRange } from './report.params';

/*
 * Monthly recurring revenue (README, "Reports"): each active or past-due subscription's effective amount after
 * its discount, as a monthly equivalent of its plan's period, summed per currency in exact numeric and rounded
 * to the minor unit once, at the end. A discount is what its invoice line takes off (lifecycle.md §6): the
 * percent rounded half away from zero, or the amount off, never more than the amount.
 */
const MRR = `
  WITH live AS (
    SELECT s.currency, coalesce(s.amount, p.amount) AS amount, p.frequency, p.billing_interval AS period,
           c.percent_off, c.amount_off
    FROM subscriptions s
    JOIN plans p ON p.guid = s.plan_guid
    LEFT JOIN coupons c ON c.guid = s.coupon_guid
    WHERE s.company_guid = $1 AND NOT s.canceled
      AND billy_subscription_status(s) IN ('active', 'past_due')
  )
  SELECT currency, round(sum(
           (amount - least(amount, coalesce(amount_off, round(amount * percent_off / 100.0), 0)))
           * CASE frequency WHEN 'monthly' THEN 1.0 WHEN 'yearly' THEN 1 / 12.0
                            WHEN 'weekly' THEN 52 / 12.0 WHEN 'daily' THEN 365 / 12.0 END
           / period))::bigint AS amount
  FROM live GROUP BY currency ORDER BY amount DESC, currency`;

const STATUSES = `
  SELECT billy_subscription_status(s) AS status, count(*)::int AS n
  FROM subscriptions s WHERE s.company_guid = $1 AND NOT s.canceled GROUP BY 1`;

const FAILED_PAYMENTS = `
  SELECT count(*)::int AS n
  FROM transaction_failures f JOIN transactions t ON t.guid = f.transaction_guid
  WHERE t.company_guid = $1 AND t.transaction_type = 'debit' AND f.created_at >= now() - interval '7 days'`;

const REVENUE = `
  SELECT to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, t.currency,
         sum(t.amount) FILTER (WHERE t.transaction_type = 'debit')::bigint AS settled,
         coalesce(sum(t.amount) FILTER (WHERE t.transaction_type = 'refund'), 0)::bigint AS refunded
  FROM transactions t
  WHERE t.company_guid = $1 AND t.status = 'succeeded' AND t.transaction_type IN ('debit', 'refund')
    AND t.updated_at >= $2 AND t.updated_at < $3
  GROUP BY 1, 2 ORDER BY 1, 2`;

@Injectable()
export class ReportsService {
  constructor(private readonly db: Db) {}

  async summary(companyGuid: string): Promise<ReportSummaryJson> {
    const [mrr, statuses, [failed]] = await Promise.all([
      this.db.manager.query<{ currency: string; amount: string }[]>(MRR, [companyGuid]),
      this.db.manager.query<{ status: string; n: number }[]>(STATUSES, [companyGuid]),
      this.db.manager.query<{ n: number }[]>(FAILED_PAYMENTS, [companyGuid]),
    ]);
    const count = (status: string) => statuses.find((row) => row.status === status)?.n ?? 0;
    return {
      mrr: mrr.map((row) => ({ currency: row.currency, amount: Number(row.amount) })),
      subscriptions: {
        trialing: count('trialing'),
        active: count('active'),
        past_due: count('past_due'),
        paused: count('paused'),
      },
      failed_payments_last_7_days: failed.n,
    };
  }

  async revenue(companyGuid: string, range: DayRange): Promise<RevenueReportJson> {
    const rows = await this.db.manager.query<
      { date: string; currency: string; settled: string | null; refunded: string }[]
    >(REVENUE, [companyGuid, range.start, range.end]);
    return {
      from: range.from,
      to: range.to,
      days: rows.map((row) => {
        const settled = Number(row.settled ?? 0);
        const refunded = Number(row.refunded);
        return { date: row.date, currency: row.currency, settled, refunded, net: settled - refunded };
      }),
    };
  }
}
