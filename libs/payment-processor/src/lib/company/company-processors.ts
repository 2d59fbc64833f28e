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

/** The company columns a processor client is built from. */
export type ProcessorCompany = Pick<
  Company,
  'processor' | 'processorKeySealed' | 'processorWebhookSecretSealed' | 'callbackUrlSealed'
>;

/** Builds the processor client of a company from its sealed processor key and callback settings. */
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

  forCompany(company: ProcessorCompany): PaymentProcessor {
    const { secretBox } = this.options;
    const openIfSet = (sealed: string | null) => (sealed === null ? null : secretBox.open(sealed));
    const { dummy, stripe } = this.dependencies;
    return createProcessor(company.processor as ProcessorName, secretBox.open(company.processorKeySealed), {
      ...this.dependencies,
      dummy: { ...dummy, callbackUrl: openIfSet(company.callbackUrlSealed) },
      stripe: { ...stripe, webhookSecret: openIfSet(company.processorWebhookSecretSealed) },
    });
  }

  forKey(name: ProcessorName, secretKey: string): PaymentProcessor {
    return createProcessor(name, secretKey, this.dependencies);
  }

  seal(secret: string): string {
    return this.options.secretBox.seal(secret);
  }
}

/** BILLY_STRIPE_API_URL as the SDK's host, port and protocol; the SDK's own default when unset. */
function stripeAddress(apiUrl: string | null): Pick<StripeProcessorOptions, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  // URL keeps an IPv6 address in brackets, which Node's http.request would look up as a name.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
}
