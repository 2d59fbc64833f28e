import type { ProcessorName } from '@billy/billing';
import type { BillyConfig } from '@billy/config';
import type { SecretBox } from '@billy/crypto';
import { type ClaimedTransaction, type Company, type SealedColumn, sealedAt } from '@billy/persistence';
import type { DummyLedger } from '../dummy/dummy-ledger';
import type { PaymentProcessor } from '../payment-processor';
import { createProcessor, ProcessorDependencies } from '../processor-factory';
import type { StripeProcessorOptions } from '../stripe/stripe-processor';

/** The sealed columns of a company row. */
export type CompanySecret = Exclude<SealedColumn, 'webhookSecret'>;

export interface CompanyProcessorsOptions {
  secretBox: SecretBox;
  dummyLedger: DummyLedger;
  settings: BillyConfig['processors'];
}

/** The company columns a processor client is built from. */
export type ProcessorSettings = Pick<
  Company,
  'processor' | 'processorKeySealed' | 'processorWebhookSecretSealed' | 'callbackUrlSealed'
>;

/**
 * A company row. `companyGuid` is never set: a claimed transaction carries its company's
 * settings but its own guid, which would not open them (forTransaction reads it right).
 */
export type ProcessorCompany = ProcessorSettings & { guid: string; companyGuid?: never };

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
    return this.build(company.guid, company);
  }

  /** The processor client of the company whose transaction this is. */
  forTransaction(transaction: ClaimedTransaction): PaymentProcessor {
    return this.build(transaction.companyGuid, transaction);
  }

  forKey(name: ProcessorName, secretKey: string): PaymentProcessor {
    return createProcessor(name, secretKey, this.dependencies);
  }

  /** Seals a company's secret for its column (`column`) of its row (`companyGuid`). */
  seal(secret: string, column: CompanySecret, companyGuid: string): string {
    return this.options.secretBox.seal(secret, sealedAt(column, companyGuid));
  }

  private build(companyGuid: string, company: ProcessorSettings): PaymentProcessor {
    const { secretBox } = this.options;
    const open = (sealed: string, column: CompanySecret) => secretBox.open(sealed, sealedAt(column, companyGuid));
    const { dummy, stripe } = this.dependencies;
    const webhookSecret = company.processorWebhookSecretSealed;
    const callbackUrl = company.callbackUrlSealed;
    return createProcessor(company.processor, open(company.processorKeySealed, 'processorKey'), {
      ...this.dependencies,
      dummy: { ...dummy, callbackUrl: callbackUrl === null ? null : open(callbackUrl, 'callbackUrl') },
      stripe: {
        ...stripe,
        webhookSecret: webhookSecret === null ? null : open(webhookSecret, 'processorWebhookSecret'),
      },
    });
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
