import { DummyProcessor, DummyProcessorOptions } from './dummy/dummy-processor';
import type { DummyLedger } from './dummy/dummy-ledger';
import type { ProcessorName } from '@billy/billing';
import type { PaymentProcessor } from './payment-processor';
import { StripeProcessor, StripeProcessorOptions } from './stripe/stripe-processor';

export interface ProcessorDependencies {
  dummyLedger: DummyLedger;
  dummy?: Omit<DummyProcessorOptions, 'ledger'>;
  stripe?: StripeProcessorOptions;
}

type ProcessorBuilder = (secretKey: string, deps: ProcessorDependencies) => PaymentProcessor;

// A Record, so that a new ProcessorName does not compile until it can be built.
const BUILDERS: Record<ProcessorName, ProcessorBuilder> = {
  dummy: (secretKey, deps) => new DummyProcessor(secretKey, { ...deps.dummy, ledger: deps.dummyLedger }),
  stripe: (secretKey, deps) => new StripeProcessor(secretKey, deps.stripe),
};

/** Builds the processor client for one company's processor and secret key. */
export function createProcessor(name: ProcessorName, secretKey: string, deps: ProcessorDependencies): PaymentProcessor {
  // Names come from the database, so a value outside the type is possible at runtime.
  const build = Object.hasOwn(BUILDERS, name) ? BUILDERS[name] : undefined;
  if (!build)
    throw new Error(`Unknown payment processor "${name}"; expected one of ${Object.keys(BUILDERS).join(', ')}`);
  return build(secretKey, deps);
}
