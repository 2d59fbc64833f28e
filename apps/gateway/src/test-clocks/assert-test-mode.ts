import type { PaymentProcessor } from '@billy/payment-processor';
import { invalidOperation } from '../http/api-error';

/** A test clock runs months of charges in seconds: never with a processor key that moves real money. */
export function assertTestMode(processor: PaymentProcessor): void {
  if (processor.live) {
    throw invalidOperation(
      `Test clocks need a test-mode processor key: this company's ${processor.name} key is live, so they would charge real cards`,
    );
  }
}
