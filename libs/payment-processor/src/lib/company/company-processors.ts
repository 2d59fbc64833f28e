import type { ProcessorName } from '@billy/billing';
import type { BillyConfig } from '@billy/config';
import type { SecretBox } from '@billy/crypto';
import type { Company } from '@billy/persistence';
import type { DummyLedger } from '../dummy/dummy-ledger';
import type { PaymentProcessor } from '../payment-processor';
import { createProcessor, ProcessorDependencies } from '../processor-factory';
import type { StripeProcessorOptions } from '../stripe/stripe-processor';

export interface CompanyProcessorsOptions {
  secretBox: SecretBox;
  dummyLedger: DummyLedger;
  settings: BillyConfig['processors'];
}

/** Builds the processor client of a company from its sealed processor key. */
export class CompanyProcessors {
  private readonly dependencies: ProcessorDependencies;

  constructor(private readonly options: CompanyProcessorsOptions) {
    const { dummy, stripe } = options.settings;
    this.dependencies = {
      dummyLedger: options.dummyLedger,
      dummy,
      stripe: {
        ...stripeAddress(stripe.apiUrl),
        timeoutMs: stripe.timeoutMs,
        maxNetworkRetries: stripe.maxNetworkRetries,
      },
    };
  }

  forCompany(company: Pick<Company, 'processor' | 'processorKeySealed'>): PaymentProcessor {
    return this.forKey(company.processor as ProcessorName, this.options.secretBox.open(company.processorKeySealed));
  }

  forKey(name: ProcessorName, secretKey: string): PaymentProcessor {
    return createProcessor(name, secretKey, this.dependencies);
  }

  seal(secretKey: string): string {
    return this.options.secretBox.seal(secretKey);
  }
}

/** BILLY_STRIPE_API_URL as the SDK's host, port and protocol; the SDK's own default when unset. */
function stripeAddress(apiUrl: string | null): Pick<StripeProcessorOptions, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
}
