import type { TransactionBody } from './billing';
import { advanceAndSettle } from './lifecycle-assertions';
import type {
  ClockedCustomer,
  CouponBody,
  EventBody,
  PeriodInvoiceBody,
  SubscriptionBody,
  UpcomingInvoiceBody,
} from './clocked-customer';

/*
 * What the upcoming invoice specs (lifecycle.md §8) compare: an invoice without the fields that
 * only a kept invoice has, and everything a preview must leave as it was.
 */

/** The invoice without its guid, status and record times: what an upcoming invoice announces of it. */
export function unkept(invoice: PeriodInvoiceBody | UpcomingInvoiceBody) {
  const { guid: _guid, status: _status, created_at: _created, updated_at: _updated, ...announced } = invoice;
  return announced;
}

export interface Written {
  subscription: SubscriptionBody;
  invoices: PeriodInvoiceBody[];
  transactions: TransactionBody[];
  events: EventBody[];
  coupon: CouponBody | null;
}

/**
 * Everything of the subscription a preview could write: the subscription, its invoices and
 * their transactions, every event of the company (the customer is its only one), and the
 * coupon's redemptions if a coupon is given.
 */
export async function writtenFor(customer: ClockedCustomer, guid: string, couponGuid?: string): Promise<Written> {
  const [subscription, invoices, transactions, events, coupon] = await Promise.all([
    customer.subscription(guid),
    customer.invoices(guid),
    customer.ok<{ items: TransactionBody[] }>('GET', `/v1/subscriptions/${guid}/transactions?limit=100`),
    customer.ok<{ items: EventBody[] }>('GET', '/v1/events?limit=100'),
    couponGuid === undefined ? null : customer.ok<CouponBody>('GET', `/v1/coupons/${couponGuid}`),
  ]);
  return { subscription, invoices, transactions: transactions.items, events: events.items, coupon };
}

/** The subscription's upcoming invoice with the query given; fails unless it answers 200. */
export async function upcomingInvoice(
  customer: ClockedCustomer,
  guid: string,
  query: Record<string, string | number> = {},
): Promise<UpcomingInvoiceBody> {
  const answer = await customer.upcomingInvoice(guid, query);
  if (answer.status !== 200) {
    throw new Error(`GET upcoming_invoice answered ${answer.status}, not 200: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * Moves the clock to `clockTime` (`scheduledAt` unless given) and answers the one invoice of the
 * subscription scheduled at `scheduledAt` (as the API writes it), once none is processing.
 */
export async function invoiceYieldedAt(
  customer: ClockedCustomer,
  guid: string,
  scheduledAt: string,
  clockTime = scheduledAt,
): Promise<PeriodInvoiceBody> {
  const invoices = await advanceAndSettle(customer, guid, clockTime);
  const found = invoices.filter((invoice) => invoice.scheduled_at === scheduledAt);
  expect(found.map((invoice) => invoice.scheduled_at)).toEqual([scheduledAt]);
  return found[0];
}
