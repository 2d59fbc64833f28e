import { ApiKey } from './api-key.entity';
import { AuditLogEntry } from './audit-log-entry.entity';
import { Company } from './company.entity';
import { Coupon } from './coupon.entity';
import { Customer } from './customer.entity';
import { Event } from './event.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { Invoice } from './invoice.entity';
import { Plan } from './plan.entity';
import { Subscription } from './subscription.entity';
import { TestClock } from './test-clock.entity';
import { Transaction } from './transaction.entity';
import { TransactionEvent } from './transaction-event.entity';
import { TransactionFailure } from './transaction-failure.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export * from './api-key.entity';
export * from './audit-log-entry.entity';
export * from './company.entity';
export * from './coupon.entity';
export * from './customer.entity';
export * from './event.entity';
export * from './idempotency-key.entity';
export * from './invoice.entity';
export * from './plan.entity';
export * from './subscription.entity';
export * from './test-clock.entity';
export * from './transaction.entity';
export * from './transaction-event.entity';
export * from './transaction-failure.entity';
export * from './webhook-delivery.entity';
export * from './webhook-delivery-attempt.entity';
export * from './webhook-endpoint.entity';

// Listed as classes, not globs: globs break inside a webpack bundle.
export const ENTITIES = [
  ApiKey,
  AuditLogEntry,
  Company,
  Coupon,
  Customer,
  Event,
  IdempotencyKey,
  Invoice,
  Plan,
  Subscription,
  TestClock,
  Transaction,
  TransactionEvent,
  TransactionFailure,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookEndpoint,
];
