import { Inject, Injectable } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { Company } from '@billy/persistence';
import { CompanyProcessors, type CompanySecret } from '@billy/payment-processor';
import { hashApiKey, isGuidOf, newGuid, newSecretKey } from '@billy/crypto';
import { BILLY_CONFIG } from '@billy/platform';
import { Db } from '../database/db';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiKeyLookup } from '../http/auth/api-key-lookup';
import { forbidden, notFound, validationError } from '../http/api-error';
import { CreateCompanyParams, UpdateCompanyParams } from './company.params';

export interface IssuedCompany {
  company: Company;
  apiKey: string;
  callbackUrl?: string;
}

@Injectable()
export class CompaniesService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly apiKeys: ApiKeyLookup,
    private readonly keys: ApiKeysService,
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
  ) {}

  /**
   * Validates the processor key and registers the callback before writing
   * anything, so a processor error leaves no half-created company behind.
   */
  async create(params: CreateCompanyParams, baseUrl: string): Promise<IssuedCompany> {
    const processorName = params.processor ?? this.config.processors.default;
    const { enabled } = this.config.processors;
    if (!enabled.includes(processorName)) {
      throw validationError(`processor ${processorName} is not enabled on this server; enabled: ${enabled.join(', ')}`);
    }
    const processor = this.processors.forKey(processorName, params.processor_key);
    await processor.validateKey();

    const guid = newGuid('company');
    const callbackKey = newSecretKey();
    const callbackUrl = `${baseUrl}/v1/companies/${guid}/callbacks/${callbackKey}/`;
    await processor.registerCallback(callbackUrl);

    return this.db.transaction(async (manager) => {
      const companies = manager.getRepository(Company);
      const company = await companies.save(
        companies.create({
          guid,
          callbackKeyHash: hashApiKey(callbackKey),
          processor: processorName,
          processorKeySealed: this.processors.seal(params.processor_key, 'processorKey', guid),
          processorWebhookSecretSealed:
            this.sealIfGiven(params.processor_webhook_secret, 'processorWebhookSecret', guid) ?? null,
          // Sealed: the URL holds the plain callback key, of which only the hash is stored otherwise.
          callbackUrlSealed: this.processors.seal(callbackUrl, 'callbackUrl', guid),
        }),
      );
      const { apiKey } = await this.keys.issuePrimary(manager, guid);
      return { company, apiKey, callbackUrl };
    });
  }

  /** A company may see only itself: another company's GUID is 403, an unknown one 404. */
  async findSelf(guid: string, caller: Company): Promise<Company> {
    if (guid === caller.guid) return caller;
    const exists = isGuidOf('company', guid) && (await this.db.repository(Company).existsBy({ guid }));
    throw exists ? forbidden(`The company ${guid} is not yours`) : notFound(`No company with GUID ${guid}`);
  }

  /**
   * Replaces the processor key or webhook secret (neither can be removed). A new key is checked
   * with the processor first, so a refused one changes nothing.
   */
  async update(guid: string, params: UpdateCompanyParams, caller: Company): Promise<Company> {
    const company = await this.findSelf(guid, caller);
    const { processor_key: processorKey, processor_webhook_secret: webhookSecret } = params;
    if (processorKey === undefined && webhookSecret === undefined) {
      // Unknown parameters are dropped, so a misspelt one would otherwise be a silent no-op.
      throw validationError('Give processor_key or processor_webhook_secret to change');
    }
    if (processorKey !== undefined) {
      await this.processors.forKey(company.processor, processorKey).validateKey();
    }
    return this.change(guid, {
      processorKeySealed: this.sealIfGiven(processorKey, 'processorKey', guid),
      processorWebhookSecretSealed: this.sealIfGiven(webhookSecret, 'processorWebhookSecret', guid),
    });
  }

  /**
   * Issues a new primary API key. The old one keeps working for `expiresInSeconds`; with 0 it stops at
   * once (on other gateways, within BILLY_API_KEY_CACHE_MS).
   */
  async rotateKey(guid: string, caller: Company, expiresInSeconds: number): Promise<IssuedCompany> {
    await this.findSelf(guid, caller);
    const { apiKey } = await this.keys.rotatePrimary(guid, expiresInSeconds);
    // Read again: the caller is the cached company.
    return { company: await this.db.repository(Company).findOneByOrFail({ guid }), apiKey };
  }

  /**
   * Writes only the given columns (undefined ones are left alone): the caller is the cached
   * company, whose other columns may be stale. Every gateway then reads the change: this one
   * at once, the others within BILLY_API_KEY_CACHE_MS.
   */
  private async change(
    guid: string,
    changes: Partial<Pick<Company, 'processorKeySealed' | 'processorWebhookSecretSealed'>>,
  ): Promise<Company> {
    const companies = this.db.repository(Company);
    await companies.update({ guid }, changes);
    await this.db.afterCommit(() => this.apiKeys.forget(guid));
    return companies.findOneByOrFail({ guid });
  }

  private sealIfGiven(secret: string | undefined, column: CompanySecret, guid: string): string | undefined {
    return secret === undefined ? undefined : this.processors.seal(secret, column, guid);
  }
}
