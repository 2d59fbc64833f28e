/**
 * Which invoices a list shows, and in which order (billy.md §2.8). `externalId`
 * filters every invoice list alike; only customer invoices have one.
 */
export type InvoiceScope = (
  | { kind: 'company'; companyGuid: string }
  | { kind: 'customer'; customerGuid: string }
  | { kind: 'subscription'; subscriptionGuid: string }
  | { kind: 'plan'; planGuid: string }
) & { externalId?: string };

/** Per scope, the rows ($1 is the scope's GUID) and their order: a subscription's or plan's follow their schedule. */
const LISTS: Record<InvoiceScope['kind'], { where: string; orderBy: string }> = {
  company: { where: 'company_guid = $1', orderBy: 'created_at DESC, guid DESC' },
  customer: { where: "customer_guid = $1 AND invoice_type = 'customer'", orderBy: 'created_at DESC, guid DESC' },
  subscription: { where: 'subscription_guid = $1', orderBy: 'scheduled_at DESC, created_at DESC, guid DESC' },
  plan: { where: 'plan_guid = $1', orderBy: 'scheduled_at DESC, created_at DESC, guid DESC' },
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

/** The list's SQL tail and its first parameter: `$2` and `$3` are left for OFFSET and LIMIT, `$4` for the filter. */
export function invoiceListQuery(scope: InvoiceScope): { where: string; orderBy: string; guid: string } {
  return { ...LISTS[scope.kind], guid: scopeGuid(scope) };
}
