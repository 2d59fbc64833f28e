import type {
  presentApiKey,
  presentAuditLogEntry,
  presentCompany,
  presentCoupon,
  presentCustomer,
  presentInvoice,
  presentPlan,
  presentSubscription,
  presentTestClock,
  presentTransaction,
  presentWebhookDelivery,
  presentWebhookEndpoint,
} from '@billy/api-shapes';
import type { ApiError } from '../../src/http/api-error';
import type { ListResponse } from '../../src/http/pagination';

// The JSON bodies the gateway answers with, taken from the code that writes them so they cannot drift.

export type { EventJson } from '@billy/api-shapes';

export type ApiKeyJson = ReturnType<typeof presentApiKey>;
/** A key as its creation answers it: with the key itself. */
export type IssuedApiKeyJson = Required<ApiKeyJson>;
export type AuditLogEntryJson = ReturnType<typeof presentAuditLogEntry>;
export type CompanyJson = ReturnType<typeof presentCompany>;
/** A company as its creation and key rotation answer it: with the API key just issued. */
export type IssuedCompanyJson = Required<CompanyJson>;
export type CouponJson = ReturnType<typeof presentCoupon>;
export type CustomerJson = ReturnType<typeof presentCustomer>;
export type InvoiceJson = ReturnType<typeof presentInvoice>;
export type PlanJson = ReturnType<typeof presentPlan>;
export type SubscriptionJson = ReturnType<typeof presentSubscription>;
export type TestClockJson = ReturnType<typeof presentTestClock>;
export type TransactionJson = ReturnType<typeof presentTransaction>;
export type WebhookDeliveryJson = ReturnType<typeof presentWebhookDelivery>;
export type WebhookEndpointJson = ReturnType<typeof presentWebhookEndpoint>;
/** An endpoint as its creation answers it: with the signing secret just issued. */
export type IssuedWebhookEndpointJson = Required<WebhookEndpointJson>;

export type ListJson<T> = ListResponse<T>;
/** The body of every 4xx. */
export type ErrorJson = ReturnType<ApiError['toBody']>;
