import type { TSchema } from '@sinclair/typebox';
import { ApiErrorSchema } from './api-error.schema';
import { ApiKeySchema, IssuedApiKeySchema } from './api-key.schema';
import { AuditLogEntrySchema } from './audit-log-entry.schema';
import { CompanySchema, IssuedCompanySchema } from './company.schema';
import { CouponSchema } from './coupon.schema';
import { CustomerSchema } from './customer.schema';
import { EventSchema } from './event.schema';
import { LivenessSchema, ReadinessSchema } from './health.schema';
import {
  CustomerInvoiceSchema,
  InvoiceSchema,
  SubscriptionInvoiceSchema,
  UpcomingInvoiceSchema,
} from './invoice.schema';
import { PlanSchema } from './plan.schema';
import { ReportSummarySchema, RevenueReportSchema } from './report.schema';
import { ServerInfoSchema } from './server-info.schema';
import { SubscriptionSchema } from './subscription.schema';
import { TestClockSchema } from './test-clock.schema';
import { TransactionSchema } from './transaction.schema';
import { WebhookDeliverySchema } from './webhook-delivery.schema';
import { IssuedWebhookEndpointSchema, WebhookEndpointSchema } from './webhook-endpoint.schema';

/**
 * Every response shape by its name in the OpenAPI document's components; a `Ref` inside a schema names one of
 * these.
 */
export const API_SCHEMAS = {
  ApiError: ApiErrorSchema,
  ApiKey: ApiKeySchema,
  IssuedApiKey: IssuedApiKeySchema,
  AuditLogEntry: AuditLogEntrySchema,
  Company: CompanySchema,
  IssuedCompany: IssuedCompanySchema,
  Coupon: CouponSchema,
  Customer: CustomerSchema,
  Event: EventSchema,
  Invoice: InvoiceSchema,
  Liveness: LivenessSchema,
  Readiness: ReadinessSchema,
  SubscriptionInvoice: SubscriptionInvoiceSchema,
  CustomerInvoice: CustomerInvoiceSchema,
  UpcomingInvoice: UpcomingInvoiceSchema,
  Plan: PlanSchema,
  ReportSummary: ReportSummarySchema,
  RevenueReport: RevenueReportSchema,
  ServerInfo: ServerInfoSchema,
  Subscription: SubscriptionSchema,
  TestClock: TestClockSchema,
  Transaction: TransactionSchema,
  WebhookDelivery: WebhookDeliverySchema,
  WebhookEndpoint: WebhookEndpointSchema,
  IssuedWebhookEndpoint: IssuedWebhookEndpointSchema,
} satisfies Record<string, TSchema>;

export type ApiSchemaName = keyof typeof API_SCHEMAS;
