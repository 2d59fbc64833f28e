import type { JsonAnswer, Stack, StackCompany } from './stack';

export interface SubscriptionBody {
  guid: string;
  plan_guid: string;
  amount: number | null;
  effective_amount: number;
  funding_instrument_uri: string | null;
  invoice_count: number;
  started_at: string;
  next_invoice_at: string;
  canceled: boolean;
  canceled_at: string | null;
  status: string;
  billing_cycle_anchor: string;
  current_period_start: string | null;
  current_period_end: string | null;
  trial_end: string | null;
  cancel_at_period_end: boolean;
  paused_at: string | null;
  currency: string;
  discount: DiscountBody | null;
  updated_at: string;
}

/** A subscription's discount (lifecycle.md §2, §6): `periods_remaining` is null for a `forever` coupon. */
export interface DiscountBody {
  coupon_guid: string;
  periods_remaining: number | null;
}

export interface CouponBody {
  guid: string;
  percent_off: number | null;
  amount_off: number | null;
  duration: string;
  duration_in_periods: number | null;
  times_redeemed: number;
  deleted: boolean;
}

/** What POST /v1/coupons takes (lifecycle.md §6). */
export type CouponFields = ({ percent_off: number } | { amount_off: number; currency?: string }) &
  ({ duration: 'once' | 'forever' } | { duration: 'repeating'; duration_in_periods: number });

export interface AdjustmentBody {
  amount: number;
  reason: string | null;
}

export interface PeriodInvoiceBody {
  guid: string;
  status: string;
  amount: number;
  total_adjustment_amount: number;
  effective_amount: number;
  adjustments: AdjustmentBody[];
  scheduled_at: string;
  funding_instrument_uri: string | null;
  currency: string;
  subscription_guid: string;
  created_at: string | null;
  updated_at: string | null;
}

/** An invoice computed and not kept (lifecycle.md §8): no guid and no record times. */
export type UpcomingInvoiceBody = Omit<PeriodInvoiceBody, 'guid'> & { guid: string | null };

export interface EventBody {
  guid: string;
  type: string;
  data: { guid: string; status?: string } & Record<string, unknown>;
}

/** Timestamps as the API writes them (billy.md §2.3). */
export const at = (iso: string): string => new Date(iso).toISOString().replace('.000Z', '+00:00');

/**
 * A company with one customer on a test clock of its own: the lifecycle specs move
 * time by advancing the clock and waiting until the scheduler and the payment worker
 * have done everything due on the way (the clock is `ready` again).
 */
export class ClockedCustomer {
  private constructor(
    readonly stack: Stack,
    readonly company: StackCompany,
    readonly clockGuid: string,
    readonly customerGuid: string,
  ) {}

  static async start(stack: Stack, frozenTime: string, company?: StackCompany): Promise<ClockedCustomer> {
    const owner = company ?? (await stack.company());
    const clock = await stack.send<{ guid: string }>('POST', '/v1/test_clocks', owner.auth, {
      frozen_time: frozenTime,
    });
    const customer = await stack.send<{ guid: string }>('POST', '/v1/customers', owner.auth, {
      test_clock_guid: clock.body.guid,
    });
    return new ClockedCustomer(stack, owner, clock.body.guid, customer.body.guid);
  }

  /** A request as this company, answered with whatever status it gives. */
  request<T>(method: string, path: string, body?: object): Promise<JsonAnswer<T>> {
    return this.stack.request<T>(method, path, this.company.auth, body);
  }

  /** A request that must answer 200. */
  async ok<T>(method: string, path: string, body?: object): Promise<T> {
    return (await this.stack.send<T>(method, path, this.company.auth, body)).body;
  }

  plan(body: { amount: number; frequency?: string; interval?: number; trial_days?: number; plan_type?: string }) {
    return this.ok<{ guid: string }>('POST', '/v1/plans', { plan_type: 'debit', frequency: 'monthly', ...body });
  }

  subscribe(planGuid: string, body: object = {}): Promise<SubscriptionBody> {
    return this.ok<SubscriptionBody>('POST', '/v1/subscriptions', {
      customer_guid: this.customerGuid,
      plan_guid: planGuid,
      funding_instrument_uri: '/cards/ok',
      ...body,
    });
  }

  coupon(body: CouponFields): Promise<CouponBody> {
    return this.ok<CouponBody>('POST', '/v1/coupons', body);
  }

  /** GET /v1/subscriptions/<guid>/upcoming_invoice with the query given, answered with whatever status it gives. */
  upcomingInvoice(guid: string, query: Record<string, string | number> = {}) {
    const search = new URLSearchParams(
      Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
    ).toString();
    const path = `/v1/subscriptions/${guid}/upcoming_invoice${search ? `?${search}` : ''}`;
    return this.request<UpcomingInvoiceBody & { error_class?: string }>('GET', path);
  }

  subscription(guid: string): Promise<SubscriptionBody> {
    return this.ok<SubscriptionBody>('GET', `/v1/subscriptions/${guid}`);
  }

  /** The subscription's invoices, oldest scheduled first. */
  async invoices(subscriptionGuid: string): Promise<PeriodInvoiceBody[]> {
    const list = await this.ok<{ items: PeriodInvoiceBody[] }>(
      'GET',
      `/v1/subscriptions/${subscriptionGuid}/invoices?limit=100`,
    );
    return list.items.reverse();
  }

  /** The events of one resource, oldest first. */
  async events(resourceGuid: string): Promise<EventBody[]> {
    const list = await this.ok<{ items: EventBody[] }>('GET', `/v1/events?resource_guid=${resourceGuid}&limit=100`);
    return list.items.reverse();
  }

  /** Moves the clock to `frozenTime` and waits until everything due on the way is done. */
  async advanceTo(frozenTime: string): Promise<void> {
    await this.ok('POST', `/v1/test_clocks/${this.clockGuid}/advance`, { frozen_time: frozenTime });
    await this.untilReady();
  }

  /** Waits until the clock has finished its advance. */
  async untilReady(): Promise<void> {
    await this.stack.until<{ status: string }>(
      `/v1/test_clocks/${this.clockGuid}`,
      this.company.auth,
      (clock) => clock.status === 'ready',
      60_000,
    );
  }

  /** Waits until every invoice of the subscription has left `processing`. */
  untilInvoicesSettle(subscriptionGuid: string): Promise<PeriodInvoiceBody[]> {
    return this.stack
      .until<{ items: PeriodInvoiceBody[] }>(
        `/v1/subscriptions/${subscriptionGuid}/invoices?limit=100`,
        this.company.auth,
        (list) => list.items.every((invoice) => invoice.status !== 'processing'),
      )
      .then((list) => list.items.reverse());
  }
}
