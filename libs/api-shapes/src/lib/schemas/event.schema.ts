import { Static, TSchema, Type } from '@sinclair/typebox';
import { EVENT_TYPES, EventType } from '@billy/persistence';
import { CouponSchema } from './coupon.schema';
import { CustomerSchema } from './customer.schema';
import { InvoiceSchema } from './invoice.schema';
import { Guid, Ref, StringEnum, Timestamp } from './json-types';
import { SubscriptionSchema } from './subscription.schema';
import { TestClockSchema } from './test-clock.schema';
import { TransactionSchema } from './transaction.schema';
import { WebhookEndpointSchema } from './webhook-endpoint.schema';

type TypesOf<P extends string> = Extract<EventType, `${P}.${string}`>;

const typesOf = <P extends string>(prefix: P) =>
  EVENT_TYPES.filter((type): type is TypesOf<P> => type.startsWith(`${prefix}.`));

/** The events about one kind of resource: the type's prefix names it (`invoice.settled` carries an invoice). */
const eventsAbout = <P extends string, T extends TSchema>(prefix: P, component: string, data: T) =>
  Type.Object({
    guid: Guid(),
    type: StringEnum(typesOf(prefix)),
    resource_guid: Guid(),
    company_guid: Guid(),
    created_at: Timestamp(),
    data: Ref(component, data),
  });

/**
 * An event: `data` is the resource as the change left it, in its API shape. Webhooks POST the same JSON, signed
 * in `Billy-Signature`.
 */
export const EventSchema = Type.Union([
  eventsAbout('coupon', 'Coupon', CouponSchema),
  eventsAbout('customer', 'Customer', CustomerSchema),
  eventsAbout('subscription', 'Subscription', SubscriptionSchema),
  eventsAbout('invoice', 'Invoice', InvoiceSchema),
  eventsAbout('transaction', 'Transaction', TransactionSchema),
  eventsAbout('test_clock', 'TestClock', TestClockSchema),
  eventsAbout('webhook_endpoint', 'WebhookEndpoint', WebhookEndpointSchema),
]);

export type EventJson = Static<typeof EventSchema>;
