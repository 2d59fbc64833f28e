import { Injectable } from '@nestjs/common';
import { DEFAULT_CURRENCY } from '@billy/billing';
import { Company, Plan } from '@billy/persistence';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { invalidOperation } from '../http/api-error';
import { findOwnedOrFail } from '../http/ownership';
import { Page, findPage, newestOf } from '../http/pagination';
import { CreatePlanParams } from './plan.params';

@Injectable()
export class PlansService {
  constructor(private readonly db: Db) {}

  private get plans() {
    return this.db.repository(Plan);
  }

  create(params: CreatePlanParams, company: Company): Promise<Plan> {
    return this.plans.save(
      this.plans.create({
        guid: newGuid('plan'),
        companyGuid: company.guid,
        planType: params.plan_type,
        frequency: params.frequency,
        amount: params.amount,
        currency: params.currency ?? DEFAULT_CURRENCY,
        interval: params.interval ?? 1,
        trialDays: params.trial_days ?? 0,
      }),
    );
  }

  find(guid: string, company: Company): Promise<Plan> {
    return findOwnedOrFail(this.plans, 'plan', guid, company);
  }

  list(page: Page, company: Company): Promise<Plan[]> {
    return findPage(this.plans, newestOf('company_guid', company.guid), page);
  }

  /** Soft delete: no new subscriptions; existing ones keep billing (billy.md §3.3). */
  async delete(guid: string, company: Company): Promise<Plan> {
    const plan = await this.find(guid, company);
    const marked = await this.plans.update({ guid, deleted: false }, { deleted: true, updatedAt: () => 'updated_at' });
    if (marked.affected === 0) throw invalidOperation(`The plan ${guid} is already deleted`);
    return { ...plan, deleted: true };
  }
}
