import { newGuid, SecretBox } from '@billy/crypto';
import type { TestEnvironment } from '@billy/testing';

export interface EndpointSeed {
  companyGuid: string;
  url: string;
  secret: string;
  consecutiveFailures?: number;
}

/** A live endpoint for every event type, as POST /v1/webhook_endpoints leaves it; returns its GUID. */
export async function seedWebhookEndpoint(environment: TestEnvironment, seed: EndpointSeed): Promise<string> {
  const guid = newGuid('webhookEndpoint');
  await environment.query(
    `INSERT INTO webhook_endpoints (guid, company_guid, url, secret_sealed, status, consecutive_failures)
     VALUES ($1, $2, $3, $4, 'enabled', $5)`,
    [
      guid,
      seed.companyGuid,
      seed.url,
      new SecretBox(environment.config.secrets.secretKey).seal(seed.secret),
      seed.consecutiveFailures ?? 0,
    ],
  );
  return guid;
}
