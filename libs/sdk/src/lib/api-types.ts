import type { components, operations } from './generated/openapi';

/*
 * The API's types, by the names the OpenAPI document gives them, and what each operation takes and returns,
 * read from the generated `operations`.
 */

type Schemas = components['schemas'];

export type ApiError = Schemas['ApiError'];
export type ApiKey = Schemas['ApiKey'];
export type IssuedApiKey = Schemas['IssuedApiKey'];
export type AuditLogEntry = Schemas['AuditLogEntry'];
export type Company = Schemas['Company'];
export type IssuedCompany = Schemas['IssuedCompany'];
export type Coupon = Schemas['Coupon'];
export type Customer = Schemas['Customer'];
export type BillyEvent = Schemas['Event'];
export type Invoice = Schemas['Invoice'];
export type UpcomingInvoice = Schemas['UpcomingInvoice'];
export type Plan = Schemas['Plan'];
export type ReportSummary = Schemas['ReportSummary'];
export type RevenueReport = Schemas['RevenueReport'];
export type Subscription = Schemas['Subscription'];
export type TestClock = Schemas['TestClock'];
export type Transaction = Schemas['Transaction'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type IssuedWebhookEndpoint = Schemas['IssuedWebhookEndpoint'];

export type OperationId = keyof operations;

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** What a successful call answers. */
export type ResultOf<O extends OperationId> = Json<operations[O]['responses'][200]>;

/** The body an operation takes, `never` when it takes none. */
export type BodyOf<O extends OperationId> = Json<NonNullable<operations[O]['requestBody']>>;

/** The query parameters an operation takes, `never` when it takes none. */
export type QueryOf<O extends OperationId> = NonNullable<operations[O]['parameters']['query']>;

type Names<O extends OperationId> = [NonNullable<operations[O]['parameters']['path']>] extends [never]
  ? []
  : [guid: string];

/** The list operations: they answer a page of items. */
export type ListOperationId = {
  [O in OperationId]: ResultOf<O> extends { items: unknown[]; offset: number; limit: number } ? O : never;
}[OperationId];

export type ItemOf<O extends ListOperationId> = ResultOf<O> extends { items: (infer Item)[] } ? Item : never;

/** What a call can set beyond the API's parameters. */
export interface RequestOptions {
  /** The POST's Idempotency-Key; by default a new random UUID, kept across the call's retries. */
  idempotencyKey?: string;
  /** Stops the call, its retries included. */
  signal?: AbortSignal;
}

/** Optional when nothing in it is required. */
type Optional<T> = Record<string, never> extends T ? [T?] : [T];

/** A call's arguments: the GUID its path names if any, its body or query if any, then options. */
export type CallArgs<O extends OperationId> = [
  ...Names<O>,
  ...([BodyOf<O>] extends [never] ? ([QueryOf<O>] extends [never] ? [] : Optional<QueryOf<O>>) : Optional<BodyOf<O>>),
  options?: RequestOptions,
];
