import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { BillyConfig } from '@billy/config';
import { ApiKey, Company, keyWorksSql } from '@billy/persistence';
import { BILLY_CONFIG } from '@billy/platform';
import { Db } from '../../database/db';

/** Bounds memory whatever the number of companies; only keys that authenticated are ever stored. */
const MAX_ENTRIES = 10_000;

/** What a valid API key names: its company and the key itself (its permissions, its GUID for the audit log). */
export interface Credentials {
  company: Readonly<Company>;
  apiKey: Readonly<ApiKey>;
}

interface Entry {
  credentials: Credentials;
  expiresAt: number;
}

/**
 * The company and key of an API key's hash. Every request needs them, so hits
 * are kept for `BILLY_API_KEY_CACHE_MS` (never past the key's own expiry): that
 * is how long a key revoked by another process keeps working here. This process
 * forgets a company's keys as soon as they change (`forget`).
 */
@Injectable()
export class ApiKeyLookup {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by `forget`, so a lookup that read the database before a rotation committed is not stored. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
  ) {}

  async find(keyHash: string): Promise<Credentials | null> {
    // Monotonic, so a wall-clock step cannot stretch the bound.
    const readAt = performance.now();
    const cached = this.entries.get(keyHash);
    if (cached && cached.expiresAt > readAt) return cached.credentials;
    if (cached) this.entries.delete(keyHash);

    const generation = this.generation;
    const found = await this.read(keyHash);
    if (!found) return null;
    // Shared by concurrent requests from now on: a change must go through the database and `forget`.
    const { company, ...apiKey } = found;
    const credentials = Object.freeze({ company: Object.freeze(company), apiKey: Object.freeze(apiKey) });
    const keepMs = Math.min(this.config.http.apiKeyCacheMs, (apiKey.expiresAt?.getTime() ?? Infinity) - Date.now());
    if (generation === this.generation && keepMs > 0) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(keyHash, { credentials, expiresAt: readAt + keepMs });
    }
    return credentials;
  }

  /** Call once a change to the company's keys is committed: its old keys stop working here at once. */
  forget(companyGuid: string): void {
    this.generation += 1;
    for (const [hash, entry] of this.entries) {
      if (entry.credentials.company.guid === companyGuid) this.entries.delete(hash);
    }
  }

  /** One query: the unique index on the hash finds the key, the primary key its company. */
  private read(keyHash: string): Promise<(ApiKey & { company: Company }) | null> {
    return this.db
      .repository(ApiKey)
      .createQueryBuilder('k')
      .innerJoinAndMapOne('k.company', Company, 'c', 'c.guid = k.companyGuid AND c.deleted = false')
      .where('k.keyHash = :keyHash', { keyHash })
      .andWhere(keyWorksSql('k.expiresAt'))
      .getOne() as Promise<(ApiKey & { company: Company }) | null>;
  }
}
