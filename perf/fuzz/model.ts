/** The shapes shared by the fixtures, the generators and the runner. */

export type Family =
  | 'companies'
  | 'customers'
  | 'plans'
  | 'coupons'
  | 'subscriptions'
  | 'invoices'
  | 'test_clocks'
  | 'transactions'
  | 'callbacks'
  | 'api_keys'
  | 'routing';

export const FAMILIES: readonly Family[] = [
  'companies',
  'customers',
  'plans',
  'coupons',
  'subscriptions',
  'invoices',
  'test_clocks',
  'transactions',
  'callbacks',
  'api_keys',
  'routing',
];

/** Tables whose row counts must not move while bad requests are sent. */
export const COUNTED_TABLES = [
  'companies',
  'customers',
  'plans',
  'subscriptions',
  'invoices',
  'transactions',
  'test_clocks',
  'transaction_events',
  'coupons',
  'api_keys',
] as const;

export type CountedTable = (typeof COUNTED_TABLES)[number];

/**
 * What else must not move: a redemption adds no row, it counts up its coupon's times_redeemed.
 * Each is SQL that answers one integer.
 */
export const COUNTED_SUMS = {
  coupon_redemptions: 'SELECT coalesce(sum(times_redeemed), 0) FROM coupons',
} as const;

/** A table's row count, or one of the sums. */
export type Counted = CountedTable | keyof typeof COUNTED_SUMS;

/** One generated request, exactly as it goes on the wire. */
export interface FuzzRequest {
  /** Sequence number within the run (replays with the same seed give the same request). */
  index: number;
  family: Family;
  /** The route template, e.g. `POST /v1/invoices/:guid/refund`. */
  route: string;
  /** What makes this request bad, e.g. `auth:no-colon`, `param:amount=overflow`. */
  faults: string[];
  method: string;
  /** Path with query string. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body as a stream (Transfer-Encoding: chunked) rather than with a Content-Length. */
  chunked?: boolean;
}

/** Runs SQL in the gateway's schema; used to count rows. */
export type QueryFn = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A marker for a JSON literal written verbatim (`1e400`, `-0`, `1.0`), which JSON.stringify cannot express. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A parameter value: strings and arrays of strings survive form encoding; the rest is JSON only. */
export type ParamValue = string | number | boolean | null | RawJson | ParamValue[] | { [key: string]: ParamValue };

export type Params = Record<string, ParamValue>;
