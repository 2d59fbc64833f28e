/** A subscription's status (lifecycle.md §2), computed by the database's billy_subscription_status. */
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'paused', 'canceled'] as const;

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
