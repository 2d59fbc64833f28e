import type { CustomerInvoiceJson, SubscriptionInvoiceJson } from '@billy/api-shapes';
import type { ListResponse } from '../../src/http/pagination';

// The JSON bodies the gateway answers with: the response schemas of the OpenAPI document, so they cannot drift.

export type {
  ApiErrorJson as ErrorJson,
  ApiKeyJson,
  AuditLogEntryJson,
  CompanyJson,
  CouponJson,
  CustomerJson,
  EventJson,
  IssuedApiKeyJson,
  IssuedCompanyJson,
  IssuedWebhookEndpointJson,
  PlanJson,
  SubscriptionJson,
  TestClockJson,
  TransactionJson,
  WebhookDeliveryJson,
  WebhookEndpointJson,
} from '@billy/api-shapes';

/** An invoice of either kind with both kinds' fields: a test knows which kind it asked for. */
export type InvoiceJson = Omit<SubscriptionInvoiceJson, 'invoice_type'> &
  Omit<CustomerInvoiceJson, 'invoice_type'> & { invoice_type: 'subscription' | 'customer' };

export type ListJson<T> = ListResponse<T>;
