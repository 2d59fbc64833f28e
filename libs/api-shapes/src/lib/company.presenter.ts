import type { Company } from '@billy/persistence';
import type { CompanyJson, IssuedCompanyJson } from './schemas/company.schema';
import { formatTimestamp } from './timestamps';

/** Secrets a company sees once, in the answer that issued them. */
export interface IssuedSecrets {
  apiKey?: string;
  /** Where the processor posts its callbacks: it holds the callback key, so only its creation shows it. */
  callbackUrl?: string;
}

/** Company JSON; `api_key` and `callback_url` only when they were just issued (extensions.md). */
export function presentCompany(company: Company): CompanyJson;
export function presentCompany(company: Company, issued: IssuedSecrets & { apiKey: string }): IssuedCompanyJson;
export function presentCompany(company: Company, issued: IssuedSecrets = {}): CompanyJson | IssuedCompanyJson {
  return {
    guid: company.guid,
    processor: company.processor,
    created_at: formatTimestamp(company.createdAt),
    updated_at: formatTimestamp(company.updatedAt),
    ...(issued.apiKey ? { api_key: issued.apiKey } : {}),
    ...(issued.callbackUrl ? { callback_url: issued.callbackUrl } : {}),
  };
}
