import {
  afterFound,
  afterNothingFound,
  firstStep,
  RetryPolicy,
  Settlement,
  settlementAfterFailure,
} from '@billy/billing';
import { describeFailure, moveMoney, movementOf, PaymentProcessor } from '@billy/payment-processor';
import type { ClaimedTransaction, SettledTry } from '@billy/persistence';
import { observeProcessorCall } from '../metrics/worker-metrics';
import type { ClaimLease } from './claim-lease';

// A try whose claim could not be renewed is not sent; it waits this long and is claimed again.
const LEASE_LOST_WAIT_MS = 1_000;

/**
 * One claimed try (DESIGN.md steps 4 and "Unknown outcomes"): a try whose
 * earlier call has no known outcome is looked up first, and sent again only
 * when the look-up says that is safe; every other try is sent once.
 */
export async function settleTry(
  processor: PaymentProcessor,
  transaction: ClaimedTransaction,
  lease: ClaimLease,
  policy: RetryPolicy,
): Promise<SettledTry> {
  const settled = (settlement: Settlement, sentAt: Date | null = null) => ({ transaction, settlement, sentAt });
  const step = firstStep(transaction);
  if (step === 'abandon') return settled({ kind: 'abandoned' });
  let sentAt: Date | null = null;
  try {
    if (step === 'look-up') {
      const movement = movementOf(transaction);
      const found =
        movement && (await observeProcessorCall(processor, 'findMovement', () => processor.findMovement(movement)));
      if (found) return settled(afterFound(transaction, found, policy));
      const next = afterNothingFound(transaction, processor, new Date(), policy);
      if (next !== 'send') return settled(next);
    }
    if (!lease.holds(transaction.guid)) {
      return settled({ kind: 'retry-soon', failure: null, backoffMs: LEASE_LOST_WAIT_MS });
    }
    sentAt = new Date();
    const result = await observeProcessorCall(processor, transaction.transactionType, () =>
      moveMoney(processor, transaction),
    );
    return settled({ kind: 'succeeded', result }, sentAt);
  } catch (error) {
    return settled(settlementAfterFailure(transaction, describeFailure(error), policy), sentAt);
  }
}
