import { InitialSchema1732406400000 } from './1732406400000-initial-schema';
import { AdvancingTestClocksIndex1795540000000 } from './1795540000000-advancing-test-clocks-index';
import { EventsOutbox1795541800000 } from './1795541800000-events-outbox';
import { IdempotencyKeys1795542000000 } from './1795542000000-idempotency-keys';
import { FasterBase581795542600000 } from './1795542600000-faster-base58';
import { EventOutboxTable1795543200000 } from './1795543200000-event-outbox-table';
import { TransactionOutcomes1795544000000 } from './1795544000000-transaction-outcomes';
import { CompanyProcessorSecrets1795544100000 } from './1795544100000-company-processor-secrets';
import { SubscriptionLifecycle1795544200000 } from './1795544200000-subscription-lifecycle';
import { CouponsAndCurrencies1795544300000 } from './1795544300000-coupons-and-currencies';
import { ListRangeScans1795544400000 } from './1795544400000-list-range-scans';
import { ApiKeys1795544500000 } from './1795544500000-api-keys';
import { ReportIndexes1795544600000 } from './1795544600000-report-indexes';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1732406400000,
  AdvancingTestClocksIndex1795540000000,
  EventsOutbox1795541800000,
  IdempotencyKeys1795542000000,
  FasterBase581795542600000,
  EventOutboxTable1795543200000,
  TransactionOutcomes1795544000000,
  CompanyProcessorSecrets1795544100000,
  SubscriptionLifecycle1795544200000,
  CouponsAndCurrencies1795544300000,
  ListRangeScans1795544400000,
  ApiKeys1795544500000,
  ReportIndexes1795544600000,
];
