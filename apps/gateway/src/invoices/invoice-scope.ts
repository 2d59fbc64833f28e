import type { InvoiceStatus } from '@billy/billing';
import type { ListQuery } from '../http/pagination';

/**
 * Which invoices a list shows, and in which order (billy.md §2.8). `externalId`
 * and `status` filter every invoice list alike; only customer invoices have an external id.
 */
export type InvoiceScope = (
  | { kind: 'company'; companyGuid: string }
  | { kind: 'customer'; customerGuid: string }
  | { kind: 'subscription'; subscriptionGuid: string }
  | { kind: 'plan'; planGuid: string }
) & { externalId?: string; status?: InvoiceStatus };

const NEWEST = ['created_at', 'guid'];
const SCHEDULED = ['scheduled_at', 'created_at', 'guid'];

/** Per scope, the rows ($1 is the scope's GUID) and their order: a subscription's or plan's follow their schedule. */
const LISTS: Record<InvoiceScope['kind'], { where: string; orderBy: readonly string[] }> = {
  company: { where: 'company_guid = $1', orderBy: NEWEST },
  customer: { where: "customer_guid = $1 AND invoice_type = 'customer'", orderBy: NEWEST },
  subscription: { where: 'subscription_guid = $1', orderBy: SCHEDULED },
  plan: { where: 'plan_guid = $1', orderBy: SCHEDULED },
};

function scopeGuid(scope: InvoiceScope): string {
  switch (scope.kind) {
    case 'company':
      return scope.companyGuid;
    case 'customer':
      return scope.customerGuid;
    case 'subscription':
      return scope.subscriptionGuid;
    case 'plan':
      return scope.planGuid;
  }
}

/** The scope's list; the `external_id` filter matches customer invoices only, as subscription invoices have none. */
export function invoiceList(scope: InvoiceScope): ListQuery {
  return {
    ...LISTS[scope.kind],
    parameters: [scopeGuid(scope)],
    filters: { external_id: scope.externalId, status: scope.status },
  };
}
