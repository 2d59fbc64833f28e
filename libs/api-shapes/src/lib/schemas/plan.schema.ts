import { Static, Type } from '@sinclair/typebox';
import { FREQUENCIES } from '@billy/billing';
import { Cents, Currency, Guid, StringEnum, Timestamp } from './json-types';

export const PlanSchema = Type.Object({
  guid: Guid(),
  plan_type: StringEnum(['debit', 'credit'], 'Charge the customer, or pay them out'),
  frequency: StringEnum(FREQUENCIES),
  amount: Cents(),
  currency: Currency(),
  interval: Type.Integer({ minimum: 1, description: 'Frequencies per period: 2 and monthly bill every 2 months' }),
  trial_days: Type.Integer({ minimum: 0 }),
  company_guid: Guid(),
  deleted: Type.Boolean(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type PlanJson = Static<typeof PlanSchema>;
