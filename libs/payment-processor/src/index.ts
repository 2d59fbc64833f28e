export type {
  CallbackRequest,
  MoneyMovement,
  MovementType,
  PaymentProcessor,
  ProcessorEvent,
} from './lib/payment-processor';
export type { ProcessorErrorKind } from './lib/processor-errors';
export {
  invalidCallbackPayload,
  invalidCustomer,
  invalidFundingInstrument,
  invalidProcessorKey,
  ProcessorError,
} from './lib/processor-errors';
export type { ProcessorDependencies } from './lib/processor-factory';
export { createProcessor } from './lib/processor-factory';
export type { DummyLedger, DummyLedgerEntry } from './lib/dummy/dummy-ledger';
export { InMemoryDummyLedger } from './lib/dummy/in-memory-dummy-ledger';
export type { DummyProcessorOptions } from './lib/dummy/dummy-processor';
export { DummyProcessor } from './lib/dummy/dummy-processor';
export type { StripeProcessorOptions } from './lib/stripe/stripe-processor';
export { StripeProcessor } from './lib/stripe/stripe-processor';
export { CompanyProcessors } from './lib/company/company-processors';
export type { CompanySecret } from './lib/company/company-processors';
export { ProcessorsModule } from './lib/company/processors.module';
export { PostgresDummyLedger } from './lib/dummy/postgres-dummy-ledger';
export { moveMoney, movementOf, settlementIdempotencyKey } from './lib/settlement/move-money';
export { describeFailure } from './lib/settlement/describe-failure';
