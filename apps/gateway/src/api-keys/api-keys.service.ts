import { Injectable } from '@nestjs/common';
import { EntityManager, Raw } from 'typeorm';
import { ApiKey, ApiKeyPermissions, Company, keyWorksSql } from '@billy/persistence';
import { hashApiKey, newGuid, newSecretKey } from '@billy/crypto';
import { assertWithinQuota, lockCompany, QUOTAS } from '../database/assert-within-quota';
import { Db } from '../database/db';
import { ApiKeyLookup } from '../http/auth/api-key-lookup';
import { invalidOperation } from '../http/api-error';
import { findOwnedOrFail } from '../http/ownership';
import { Page, findPage, newestOf } from '../http/pagination';
import { CreateApiKeyParams } from './api-key.params';

/** A key just made, with the key itself, which is shown this once. */
export interface IssuedApiKey {
  key: ApiKey;
  apiKey: string;
}

const stillWorking = () => Raw(keyWorksSql);

/**
 * A company's API keys: the primary key it was created with (replaced by `rotate_key`), and up to
 * QUOTAS.apiKeys.max working keys in all. Every change that makes one stop working is forgotten by
 * this gateway's ApiKeyLookup once committed.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: Db,
    private readonly lookup: ApiKeyLookup,
  ) {}

  private get keys() {
    return this.db.repository(ApiKey);
  }

  /** The key a new company is created with, in the transaction that creates it. */
  issuePrimary(manager: EntityManager, companyGuid: string): Promise<IssuedApiKey> {
    return insertKey(manager, companyGuid, { name: null, permissions: 'all', primary: true });
  }

  create(params: CreateApiKeyParams, company: Company): Promise<IssuedApiKey> {
    return this.db.transaction(async (manager) => {
      await assertWithinQuota(manager, QUOTAS.apiKeys, company.guid);
      const fields = { name: params.name ?? null, permissions: params.permissions ?? 'all', primary: false };
      return insertKey(manager, company.guid, fields);
    });
  }

  /** The keys that work now, newest first; revoked and expired ones are left out. */
  list(page: Page, company: Company): Promise<ApiKey[]> {
    const owned = newestOf('company_guid', company.guid);
    return findPage(this.keys, { ...owned, where: `${owned.where} AND ${keyWorksSql('expires_at')}` }, page);
  }

  /** Revokes a key at once; the primary key is replaced with `rotate_key` instead, so a company always has one. */
  async revoke(guid: string, company: Company): Promise<ApiKey> {
    const key = await findOwnedOrFail(this.keys, 'apiKey', guid, company);
    if (key.primary) {
      throw invalidOperation(`The API key ${guid} is the primary key: replace it with rotate_key instead`);
    }
    const revoked = await this.keys.update({ guid, expiresAt: stillWorking() }, { expiresAt: () => 'now()' });
    if (revoked.affected === 0) throw invalidOperation(`The API key ${guid} is already revoked or expired`);
    await this.forgetAfterCommit(company.guid);
    return this.keys.findOneByOrFail({ guid });
  }

  /**
   * Replaces the primary key. The old one keeps working for `expiresInSeconds` (0: it stops at once),
   * and counts towards the quota until then, so only a rotation with 0 is possible at the quota.
   */
  async rotatePrimary(companyGuid: string, expiresInSeconds: number): Promise<IssuedApiKey> {
    const issued = await this.db.transaction(async (manager) => {
      // Locked either way: concurrent rotations then demote one primary key after another.
      if (expiresInSeconds > 0) await assertWithinQuota(manager, QUOTAS.apiKeys, companyGuid);
      else await lockCompany(manager, companyGuid);
      await manager.query(
        `UPDATE api_keys SET is_primary = false, expires_at = now() + make_interval(secs => $2), updated_at = now()
         WHERE company_guid = $1 AND is_primary`,
        [companyGuid, expiresInSeconds],
      );
      return this.issuePrimary(manager, companyGuid);
    });
    await this.forgetAfterCommit(companyGuid);
    return issued;
  }

  /** This gateway stops accepting the company's changed keys at once; the others within BILLY_API_KEY_CACHE_MS. */
  private forgetAfterCommit(companyGuid: string): Promise<void> {
    return this.db.afterCommit(() => this.lookup.forget(companyGuid));
  }
}

async function insertKey(
  manager: EntityManager,
  companyGuid: string,
  fields: { name: string | null; permissions: ApiKeyPermissions; primary: boolean },
): Promise<IssuedApiKey> {
  const apiKey = newSecretKey();
  const keys = manager.getRepository(ApiKey);
  const key = keys.create({
    guid: newGuid('apiKey'),
    companyGuid,
    keyHash: hashApiKey(apiKey),
    expiresAt: null,
    ...fields,
  });
  // The INSERT's RETURNING fills in created_at.
  await keys.insert(key);
  return { key, apiKey };
}
