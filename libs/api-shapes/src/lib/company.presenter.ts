import type { Company } from '@billy/persistence';
import { formatTimestamp } from './timestamps';

/** Company JSON; `api_key` only when it was just issued (extensions.md). */
export function presentCompany(company: Company, issuedApiKey?: string) {
  return {
    guid: company.guid,
    processor: company.processor,
    created_at: formatTimestamp(company.createdAt),
    updated_at: formatTimestamp(company.updatedAt),
    ...(issuedApiKey ? { api_key: issuedApiKey } : {}),
  };
}
