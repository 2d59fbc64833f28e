import type { EntityManager } from 'typeorm';
import { keyWorksSql } from '@billy/persistence';
import { invalidOperation } from '../http/api-error';

/** What one company may hold at once, counting the rows `live` picks (documented in README, "Limits"). */
export const QUOTAS = {
  testClocks: { table: 'test_clocks', max: 100, what: 'test clocks', live: 'NOT deleted' },
  webhookEndpoints: { table: 'webhook_endpoints', max: 16, what: 'webhook endpoints', live: 'NOT deleted' },
  // Rotated keys count until they expire.
  apiKeys: { table: 'api_keys', max: 10, what: 'API keys', live: keyWorksSql('expires_at') },
} as const;

export type Quota = (typeof QUOTAS)[keyof typeof QUOTAS];

/**
 * Refuses a create once the company holds its quota of live rows. The company row is locked first (until the
 * caller's transaction ends, so the insert must follow in it): concurrent creates count one after another.
 */
export async function assertWithinQuota(manager: EntityManager, quota: Quota, companyGuid: string): Promise<void> {
  await lockCompany(manager, companyGuid);
  const [{ live }]: { live: number }[] = await manager.query(
    `SELECT count(*)::int AS live FROM ${quota.table} WHERE company_guid = $1 AND ${quota.live}`,
    [companyGuid],
  );
  if (live >= quota.max) {
    throw invalidOperation(`A company may have at most ${quota.max} live ${quota.what}; delete one first`);
  }
}

/** Serialises changes to what a company holds; NO KEY UPDATE, so inserts that reference the company do not wait. */
export async function lockCompany(manager: EntityManager, companyGuid: string): Promise<void> {
  await manager.query(`SELECT 1 FROM companies WHERE guid = $1 FOR NO KEY UPDATE`, [companyGuid]);
}
