import type { ProcessorName } from '@billy/billing';
import { createProcessor } from '../processor-factory';
import type { DummyLedger } from '../dummy/dummy-ledger';
import type { PaymentProcessor } from '../payment-processor';
import type { SecretBox } from '@billy/crypto';
import type { Company } from '@billy/persistence';

export interface CompanyProcessorsOptions {
  secretBox: SecretBox;
  dummyLedger: DummyLedger;
  dummyLatencyMs: number;
}

/** Builds the processor client of a company from its sealed processor key. */
export class CompanyProcessors {
  constructor(private readonly options: CompanyProcessorsOptions) {}

  forCompany(company: Pick<Company, 'processor' | 'processorKeySealed'>): PaymentProcessor {
    return this.forKey(company.processor as ProcessorName, this.options.secretBox.open(company.processorKeySealed));
  }

  forKey(name: ProcessorName, secretKey: string): PaymentProcessor {
    return createProcessor(name, secretKey, {
      dummyLedger: this.options.dummyLedger,
      dummyLatencyMs: this.options.dummyLatencyMs,
    });
  }

  seal(secretKey: string): string {
    return this.options.secretBox.seal(secretKey);
  }
}
