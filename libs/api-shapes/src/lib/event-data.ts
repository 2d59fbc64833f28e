import type { SubscriptionStatus } from '@billy/billing';
import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import {
  Coupon,
  Customer,
  Event,
  Invoice,
  Plan,
  Subscription,
  TestClock,
  Transaction,
  TransactionFailure,
  WebhookEndpoint,
} from '@billy/persistence';
import { presentCoupon } from './coupon.presenter';
import { presentCustomer } from './customer.presenter';
import { entityFromSnapshot } from './event-snapshot';
import { presentInvoice } from './invoice.presenter';
import { presentSubscription } from './subscription.presenter';
import { presentTestClock } from './test-clock.presenter';
import { presentTransaction } from './transaction.presenter';
import { presentWebhookEndpoint } from './webhook-endpoint.presenter';

/** What some presenters need beyond the row, loaded once for a page of events. */
interface Related {
  planAmounts: Map<string, number>;
  failures: TransactionFailure[];
}

interface ResourceKind<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  present(resource: T, related: Related, event: Event): unknown;
}

const kind = <T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  present: ResourceKind<T>['present'],
): ResourceKind<ObjectLiteral> => ({ entity, present });

// Keyed by the event type's prefix: `invoice.settled` carries an invoice.
const KINDS: Record<string, ResourceKind<ObjectLiteral>> = {
  coupon: kind(Coupon, (coupon: Coupon) => presentCoupon(coupon)),
  customer: kind(Customer, (customer: Customer) => presentCustomer(customer)),
  // The trigger adds the status at the time of the event; snapshots written before it knew only canceled or not.
  subscription: kind(Subscription, (subscription: Subscription, related, event) =>
    presentSubscription(
      subscription,
      related.planAmounts.get(subscription.planGuid) ?? 0,
      snapshotStatus(event) ?? (subscription.canceled ? 'canceled' : 'active'),
    ),
  ),
  invoice: kind(Invoice, (invoice: Invoice) => presentInvoice(invoice)),
  // The failures the transaction had when the event was written; they share its database transaction.
  transaction: kind(Transaction, (transaction: Transaction, related, event) =>
    presentTransaction(
      transaction,
      related.failures.filter(
        (failure) => failure.transactionGuid === transaction.guid && failure.createdAt <= event.createdAt,
      ),
    ),
  ),
  test_clock: kind(TestClock, (clock: TestClock) => presentTestClock(clock)),
  webhook_endpoint: kind(WebhookEndpoint, (endpoint: WebhookEndpoint) => presentWebhookEndpoint(endpoint)),
};

function snapshotStatus(event: Event): SubscriptionStatus | undefined {
  const { status } = event.data as { status?: SubscriptionStatus };
  return status;
}

/** Each event's snapshot in its resource's API shape, with the resource presenters. */
export async function presentEventData(manager: EntityManager, events: Event[]): Promise<unknown[]> {
  const resources = events.map((event) => {
    const resourceKind = KINDS[event.type.split('.')[0]];
    return { event, resourceKind, resource: entityFromSnapshot(manager.connection, resourceKind.entity, event.data) };
  });
  const related = await loadRelated(
    manager,
    resources.map(({ resource }) => resource),
  );
  return resources.map(({ event, resourceKind, resource }) => resourceKind.present(resource, related, event));
}

async function loadRelated(manager: EntityManager, resources: ObjectLiteral[]): Promise<Related> {
  const planGuids = resources.filter((r) => r instanceof Subscription).map((subscription) => subscription.planGuid);
  const transactionGuids = resources.filter((r) => r instanceof Transaction).map((transaction) => transaction.guid);
  const [plans, failures] = await Promise.all([
    planGuids.length ? manager.getRepository(Plan).findBy({ guid: In([...new Set(planGuids)]) }) : [],
    transactionGuids.length
      ? manager.getRepository(TransactionFailure).find({
          where: { transactionGuid: In(transactionGuids) },
          order: { createdAt: 'ASC', guid: 'ASC' },
        })
      : [],
  ]);
  return { planAmounts: new Map(plans.map((plan) => [plan.guid, plan.amount])), failures };
}
