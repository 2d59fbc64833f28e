import { DataSource } from 'typeorm';
import { CompanyProcessors, moveMoney } from '@billy/payment-processor';
import { claimTransactions, recordSettlements } from '@billy/persistence';
import type { GatewayHarness } from './gateway-harness';

const LEASE_MS = 60_000;

/**
 * Does for one staged transaction what the payment worker does with its first try
 * (DESIGN.md steps 3–5), since no worker runs beside the gateway here: claims the
 * row, sends it to the company's processor, and records the answer. The processor
 * call is the real one, so on the fake Stripe its request can be read afterwards.
 * Fails loudly when the row cannot be claimed or the processor refuses it.
 */
export async function settleFirstTry(gateway: GatewayHarness, transactionGuid: string): Promise<void> {
  const dataSource = gateway.app.get(DataSource);
  const { claimed } = await claimTransactions(
    dataSource.manager,
    [{ guid: transactionGuid, attempt: 1, failureCount: 0 }],
    LEASE_MS,
  );
  if (claimed.length !== 1) throw new Error(`could not claim the first try of ${transactionGuid}`);
  const [transaction] = claimed;
  const result = await moveMoney(gateway.app.get(CompanyProcessors).forTransaction(transaction), transaction);
  await recordSettlements(dataSource, [{ transaction, settlement: { kind: 'succeeded', result }, sentAt: new Date() }]);
}
