import { OptionalInteger, OptionalText, RequiredText, StatementText } from '../http/input/params';
import { OptionalTimestamp } from '../http/input/timestamp-param';

export class CreateSubscriptionParams {
  @RequiredText(64, 'The customer to bill')
  customer_guid: string;

  @RequiredText(64, 'The plan to bill by')
  plan_guid: string;

  @OptionalText(512, 'Card or bank account to charge; without one, invoices stay staged')
  funding_instrument_uri?: string;

  @OptionalInteger(50, "Overrides the plan's amount (cents, at least 50)")
  amount?: number;

  @StatementText()
  appears_on_statement_as?: string;

  @OptionalTimestamp()
  started_at?: Date;
}
