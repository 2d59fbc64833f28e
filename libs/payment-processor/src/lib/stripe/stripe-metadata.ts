/** WARNING: stored on Stripe objects and read back by webhooks and searches; never rename. */
export const TRANSACTION_GUID_KEY = 'billy.transaction_guid';
export const IDEMPOTENCY_KEY_KEY = 'billy.idempotency_key';
export const CUSTOMER_GUID_KEY = 'billy.customer_guid';
