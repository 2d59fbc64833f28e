import type { Customer } from '@billy/persistence';
import type { CustomerJson } from './schemas/customer.schema';
import { formatTimestamp } from './timestamps';

export function presentCustomer(customer: Customer): CustomerJson {
  return {
    guid: customer.guid,
    processor_uri: customer.processorUri,
    company_guid: customer.companyGuid,
    test_clock_guid: customer.testClockGuid,
    deleted: customer.deleted,
    created_at: formatTimestamp(customer.createdAt),
    updated_at: formatTimestamp(customer.updatedAt),
  };
}
