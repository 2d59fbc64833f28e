import type { Plan } from '@billy/persistence';
import type { PlanJson } from './schemas/plan.schema';
import { formatTimestamp } from './timestamps';

export function presentPlan(plan: Plan): PlanJson {
  return {
    guid: plan.guid,
    plan_type: plan.planType,
    frequency: plan.frequency,
    amount: plan.amount,
    currency: plan.currency,
    interval: plan.interval,
    trial_days: plan.trialDays,
    company_guid: plan.companyGuid,
    deleted: plan.deleted,
    created_at: formatTimestamp(plan.createdAt),
    updated_at: formatTimestamp(plan.updatedAt),
  };
}
