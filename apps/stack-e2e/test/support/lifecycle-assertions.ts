import type { TransactionBody } from './billing';
import { ClockedCustomer, type EventBody, type PeriodInvoiceBody, type SubscriptionBody } from './clocked-customer';
import { Stack, type JsonAnswer } from './stack';

/*
 * What the subscription lifecycle specs (changes, cancels, trials, pauses) share: one stack per
 * spec file, a customer subscribed and its first invoice settled, and the reads they check.
 */

export interface ErrorBody {
  error_class?: string;
  error_message?: string;
}

export type PlanFields = Parameters<ClockedCustomer['plan']>[0];

/** Starts one stack before the enclosing describe block's tests and stops it after them; call the answer inside a test. */
export function useStack(label: string): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await Stack.start(label);
  }, 120_000);
  afterAll(() => stack?.stop());
  return () => {
    if (!stack) throw new Error(`the ${label} stack is not running`);
    return stack;
  };
}

/** A subscription of the customer to a new plan (monthly, 3000 unless given), made now, its first invoice settled. */
export async function subscribeAndSettle(
  customer: ClockedCustomer,
  plan: PlanFields = { amount: 3000 },
  body: object = {},
) {
  const created = await customer.plan(plan);
  const subscription = await customer.subscribe(created.guid, body);
  const [invoice] = await customer.untilInvoicesSettle(subscription.guid);
  expect(invoice.status).toBe('settled');
  return { plan: created, subscription, invoice };
}

export interface SubscriberSetUp {
  /** The new plan (monthly, 3000 unless given). */
  plan?: PlanFields;
  /** More fields of the POST /v1/subscriptions body. */
  subscribe?: object;
  /** Where the clock moves once the first invoice has settled. */
  advanceTo?: string;
}

/**
 * A customer on a clock of its own frozen at `start`, subscribed then to a new plan, its first
 * invoice settled, and the clock then advanced to `advanceTo` if given.
 */
export async function settledSubscriber(stack: Stack, start: string, setUp: SubscriberSetUp = {}) {
  const customer = await ClockedCustomer.start(stack, start);
  const subscribed = await subscribeAndSettle(customer, setUp.plan, setUp.subscribe);
  if (setUp.advanceTo) await customer.advanceTo(setUp.advanceTo);
  return { customer, ...subscribed };
}

/** Moves the clock to `time` and answers the subscription's invoices, oldest first, once none is processing. */
export async function advanceAndSettle(
  customer: ClockedCustomer,
  subscriptionGuid: string,
  time: string,
): Promise<PeriodInvoiceBody[]> {
  await customer.advanceTo(time);
  return customer.untilInvoicesSettle(subscriptionGuid);
}

/** PUT /v1/subscriptions/<guid>, answered with whatever status it gives. */
export const putSubscription = (
  customer: ClockedCustomer,
  guid: string,
  body: object,
): Promise<JsonAnswer<SubscriptionBody & ErrorBody>> =>
  customer.request<SubscriptionBody & ErrorBody>('PUT', `/v1/subscriptions/${guid}`, body);

/** The invoice's transactions, newest first. */
export const transactionsOf = async (customer: ClockedCustomer, invoiceGuid: string): Promise<TransactionBody[]> =>
  (await customer.ok<{ items: TransactionBody[] }>('GET', `/v1/invoices/${invoiceGuid}/transactions?limit=100`)).items;

/** The resource's events of one type, oldest first. */
export const eventsOfType = async (customer: ClockedCustomer, guid: string, type: string): Promise<EventBody[]> =>
  (await customer.events(guid)).filter((event) => event.type === type);

export const countEvents = async (customer: ClockedCustomer, guid: string, type: string): Promise<number> =>
  (await eventsOfType(customer, guid, type)).length;

/** The answer is an error of `status` (400 unless given) with the JSON body of billy.md, of `errorClass` if given. */
export const expectValidationError = (answer: JsonAnswer<unknown>, status = 400, errorClass?: string) => {
  const body = answer.body as { error_class: string; error_message: string };
  expect({
    status: answer.status,
    has_class: typeof body.error_class,
    has_message: typeof body.error_message,
  }).toEqual({ status, has_class: 'string', has_message: 'string' });
  expect(body.error_class).toEqual(errorClass ?? expect.any(String));
};
