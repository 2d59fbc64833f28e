import { Inject, Injectable } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { Company } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { hashApiKey, isGuidOf, newGuid, newSecretKey } from '@billy/crypto';
import { BILLY_CONFIG } from '@billy/platform';
import { Db } from '../database/db';
import { ApiKeyLookup } from '../http/auth/api-key-lookup';
import { forbidden, notFound } from '../http/api-error';
import { CreateCompanyParams } from './create-company.params';

export interface IssuedCompany {
  company: Company;
  apiKey: string;
}

@Injectable()
export class CompaniesService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly apiKeys: ApiKeyLookup,
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
  ) {}

  /**
   * Validates the processor key and registers the callback before writing
   * anything, so a processor error leaves no half-created company behind.
   */
  async create(params: CreateCompanyParams, baseUrl: string): Promise<IssuedCompany> {
    const processorName = params.processor ?? this.config.processors.default;
    const processor = this.processors.forKey(processorName, params.processor_key);
    await processor.validateKey();

    const guid = newGuid('company');
    const apiKey = newSecretKey();
    const callbackKey = newSecretKey();
    await processor.registerCallback(`${baseUrl}/v1/companies/${guid}/callbacks/${callbackKey}/`);

    const companies = this.db.repository(Company);
    const company = await companies.save(
      companies.create({
        guid,
        apiKeyHash: hashApiKey(apiKey),
        callbackKeyHash: hashApiKey(callbackKey),
        processor: processorName,
        processorKeySealed: this.processors.seal(params.processor_key),
      }),
    );
    return { company, apiKey };
  }

  /** A company may see only itself: another company's GUID is 403, an unknown one 404. */
  async findSelf(guid: string, caller: Company): Promise<Company> {
    if (guid === caller.guid) return caller;
    const exists = isGuidOf('company', guid) && (await this.db.repository(Company).existsBy({ guid }));
    throw exists ? forbidden(`The company ${guid} is not yours`) : notFound(`No company with GUID ${guid}`);
  }

  /** Issues a new API key; the old one stops working at once (on other gateways, within BILLY_API_KEY_CACHE_MS). */
  async rotateKey(guid: string, caller: Company): Promise<IssuedCompany> {
    const company = await this.findSelf(guid, caller);
    const apiKey = newSecretKey();
    const companies = this.db.repository(Company);
    // A copy: the caller is the authenticated company, shared with concurrent requests.
    const saved = await companies.save(companies.create({ ...company, apiKeyHash: hashApiKey(apiKey) }));
    await this.db.afterCommit(() => this.apiKeys.forget(guid));
    return { company: saved, apiKey };
  }
}
