import { Company } from './company.entity';
import { Customer } from './customer.entity';
import { Invoice } from './invoice.entity';
import { Plan } from './plan.entity';
import { Subscription } from './subscription.entity';
import { TestClock } from './test-clock.entity';
import { Transaction } from './transaction.entity';
import { TransactionEvent } from './transaction-event.entity';
import { TransactionFailure } from './transaction-failure.entity';

export * from './company.entity';
export * from './customer.entity';
export * from './invoice.entity';
export * from './plan.entity';
export * from './subscription.entity';
export * from './test-clock.entity';
export * from './transaction.entity';
export * from './transaction-event.entity';
export * from './transaction-failure.entity';

// Listed as classes, not globs: globs break inside a webpack bundle.
export const ENTITIES = [
  Company,
  Customer,
  Invoice,
  Plan,
  Subscription,
  TestClock,
  Transaction,
  TransactionEvent,
  TransactionFailure,
];
