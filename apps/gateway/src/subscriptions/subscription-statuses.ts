import type { SubscriptionStatus } from '@billy/billing';
import { EntityManager } from 'typeorm';

/** Each subscription's status (lifecycle.md §2), as the database's billy_subscription_status computes it. */
export async function subscriptionStatuses(
  manager: EntityManager,
  guids: string[],
): Promise<Map<string, SubscriptionStatus>> {
  if (guids.length === 0) return new Map();
  const rows: { guid: string; status: SubscriptionStatus }[] = await manager.query(
    `SELECT s.guid, billy_subscription_status(s) AS status FROM subscriptions s WHERE s.guid = ANY($1)`,
    [guids],
  );
  return new Map(rows.map((row) => [row.guid, row.status]));
}

/** The same, for one row a caller holds locked. */
export async function subscriptionStatus(manager: EntityManager, guid: string): Promise<SubscriptionStatus> {
  return (await subscriptionStatuses(manager, [guid])).get(guid) ?? 'canceled';
}
