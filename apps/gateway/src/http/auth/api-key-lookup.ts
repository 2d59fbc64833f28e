import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { BillyConfig } from '@billy/config';
import { Company } from '@billy/persistence';
import { BILLY_CONFIG } from '@billy/platform';
import { Db } from '../../database/db';

/** Bounds memory whatever the number of companies; only keys that authenticated are ever stored. */
const MAX_ENTRIES = 10_000;

interface Entry {
  company: Readonly<Company>;
  expiresAt: number;
}

/**
 * The company of an API key's hash. Every request needs it, so hits are kept
 * for `BILLY_API_KEY_CACHE_MS`: that is how long a key revoked by another
 * process keeps working here. This process forgets a company's keys as soon as
 * they change (`forget`).
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

  async find(apiKeyHash: string): Promise<Readonly<Company> | null> {
    // Monotonic, so a wall-clock step cannot stretch the bound.
    const readAt = performance.now();
    const cached = this.entries.get(apiKeyHash);
    if (cached && cached.expiresAt > readAt) return cached.company;
    if (cached) this.entries.delete(apiKeyHash);

    const generation = this.generation;
    const company = await this.db.repository(Company).findOneBy({ apiKeyHash, deleted: false });
    if (!company) return null;
    // Shared by concurrent requests from now on: a change must go through the database and `forget`.
    const frozen = Object.freeze(company);
    if (generation === this.generation && this.config.http.apiKeyCacheMs > 0) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(apiKeyHash, { company: frozen, expiresAt: readAt + this.config.http.apiKeyCacheMs });
    }
    return frozen;
  }

  /** Call once a change to the company's key is committed: its old key stops working here at once. */
  forget(companyGuid: string): void {
    this.generation += 1;
    for (const [hash, entry] of this.entries) {
      if (entry.company.guid === companyGuid) this.entries.delete(hash);
    }
  }
}
