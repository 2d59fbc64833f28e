import type { ApiKey } from '@billy/persistence';
import type { ApiKeyJson, IssuedApiKeyJson } from './schemas/api-key.schema';
import { formatTimestamp } from './timestamps';

/** API key JSON; the key itself (`api_key`) only in the answer that issued it. */
export function presentApiKey(key: ApiKey): ApiKeyJson;
export function presentApiKey(key: ApiKey, issuedKey: string): IssuedApiKeyJson;
export function presentApiKey(key: ApiKey, issuedKey?: string): ApiKeyJson | IssuedApiKeyJson {
  return {
    guid: key.guid,
    name: key.name,
    permissions: key.permissions,
    primary: key.primary,
    expires_at: formatTimestamp(key.expiresAt),
    created_at: formatTimestamp(key.createdAt),
    ...(issuedKey ? { api_key: issuedKey } : {}),
  };
}
