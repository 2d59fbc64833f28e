import { randomUUID } from 'node:crypto';
import { base58Encode } from './base58';

/** Two-letter GUID prefixes (billy.md §1). Persistent: they appear in stored GUIDs. */
export const GUID_PREFIX = {
  company: 'CP',
  customer: 'CU',
  plan: 'PL',
  coupon: 'CO',
  subscription: 'SU',
  invoice: 'IV',
  transaction: 'TX',
  transactionFailure: 'TF',
  transactionEvent: 'TE',
  testClock: 'TC',
  auditLogEntry: 'AU',
  event: 'EV',
  webhookEndpoint: 'WE',
  webhookDelivery: 'WD',
  apiKey: 'AK',
} as const;

export type GuidKind = keyof typeof GUID_PREFIX;

/**
 * A random (version 4) UUID after the prefix, as the database's billy_guid()
 * makes: nothing in one GUID predicts another. GUIDs made before were
 * time-based (version 1) and keep the same shape, so both stay valid.
 */
export function newGuid(kind: GuidKind): string {
  return GUID_PREFIX[kind] + base58Encode(Buffer.from(randomUUID().replaceAll('-', ''), 'hex'));
}

const GUID_BODY = /^[1-9A-HJ-NP-Za-km-z]{1,22}$/;

/** True when `value` looks like a GUID of that kind; a GUID of another kind is "does not exist". */
export function isGuidOf(kind: GuidKind, value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(GUID_PREFIX[kind]) && GUID_BODY.test(value.slice(2));
}
