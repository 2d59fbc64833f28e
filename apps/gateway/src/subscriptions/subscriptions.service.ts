import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { presentSubscription } from '@billy/api-shapes';
import { Company, Customer, Plan, Subscription, yieldDueInvoices } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { findLiveReferenceOrFail, findOwnedOrFail } from '../http/ownership';
import { Page, findPage } from '../http/pagination';
import { assertProcessorAccepts } from '../settlement/assert-processor-accepts';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { CustomerClock } from '../time/customer-clock';
import { CreateSubscriptionParams } from './subscription.params';

/**
 * Holds the customer row until commit, as a customer delete does before it cancels
 * the customer's subscriptions: either the delete sees this subscription, or this
 * sees the delete. FOR NO KEY UPDATE conflicts with the delete's UPDATE but not
 * with the foreign-key checks of other inserts for the customer.
 */
async function lockLiveCustomer(manager: EntityManager, guid: string): Promise<void> {
  const customer = await manager.findOneOrFail(Customer, { where: { guid }, lock: { mode: 'for_no_key_update' } });
  if (customer.deleted) throw validationError(`customer_guid: the customer ${guid} was deleted meanwhile`);
}

/** Which subscriptions a list shows (billy.md §2.8). */
export type SubscriptionScope =
  | { kind: 'company'; companyGuid: string }
  | { kind: 'customer'; customerGuid: string }
  | { kind: 'plan'; planGuid: string };

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
  ) {}

  private get subscriptions() {
    return this.db.repository(Subscription);
  }

  private get plans() {
    return this.db.repository(Plan);
  }

  /**
   * Stores the subscription and, when it starts now, yields its first invoice in
   * the same database transaction; the charge is queued after commit and never
   * waited for (extensions.md, "Asynchronous settlement").
   */
  async create(params: CreateSubscriptionParams, company: Company) {
    const customers = this.db.repository(Customer);
    // Billy's order (billy.md §3.4): the customer's checks, then the plan's; the first failing one wins.
    const customer = await findLiveReferenceOrFail(
      customers,
      'customer',
      'customer_guid',
      params.customer_guid,
      company,
    );
    const plan = await findLiveReferenceOrFail(this.plans, 'plan', 'plan_guid', params.plan_guid, company);
    const now = await this.customerClock.now(customer);
    if (params.started_at && params.started_at < now) {
      throw validationError('started_at: must not be earlier than now');
    }
    const processor = this.processors.forCompany(company);
    assertProcessorAccepts(processor, {
      amount: params.amount ?? plan.amount,
      amountLabel: params.amount === undefined ? "plan_guid: the plan's amount" : 'amount',
      statementText: params.appears_on_statement_as,
    });
    if (params.funding_instrument_uri) await processor.validateFundingInstrument(params.funding_instrument_uri);

    const startedAt = params.started_at ?? now;
    const guid = newGuid('subscription');
    const yielded = await this.db.transaction(async (manager) => {
      await lockLiveCustomer(manager, customer.guid);
      await manager.insert(Subscription, {
        guid,
        companyGuid: company.guid,
        customerGuid: customer.guid,
        planGuid: plan.guid,
        testClockGuid: customer.testClockGuid,
        amount: params.amount ?? null,
        fundingInstrumentUri: params.funding_instrument_uri ?? null,
        appearsOnStatementAs: params.appears_on_statement_as ?? null,
        startedAt,
        nextInvoiceAt: startedAt,
      });
      return yieldDueInvoices(manager, { kind: 'subscriptions', guids: [guid], asOf: now }, 1);
    });
    await this.dispatcher.dispatch(yielded.transactions);
    return presentSubscription(await this.subscriptions.findOneByOrFail({ guid }), plan.amount);
  }

  async find(guid: string, company: Company) {
    const subscription = await findOwnedOrFail(this.subscriptions, 'subscription', guid, company);
    return (await this.present([subscription]))[0];
  }

  findEntity(guid: string, company: Company): Promise<Subscription> {
    return findOwnedOrFail(this.subscriptions, 'subscription', guid, company);
  }

  async list(scope: SubscriptionScope, page: Page) {
    const where =
      scope.kind === 'company'
        ? { companyGuid: scope.companyGuid }
        : scope.kind === 'customer'
          ? { customerGuid: scope.customerGuid }
          : { planGuid: scope.planGuid };
    const rows = await findPage(this.subscriptions, where, page);
    return this.present(rows);
  }

  /** Stops future invoices; existing invoices and their transactions are left as they are (billy.md §5.8). */
  async cancel(guid: string, company: Company) {
    const subscription = await findOwnedOrFail(this.subscriptions, 'subscription', guid, company);
    const canceledAt = await this.customerClock.now({ testClockGuid: subscription.testClockGuid });
    const marked = await this.subscriptions.update(
      { guid, canceled: false },
      { canceled: true, canceledAt, updatedAt: () => 'updated_at' },
    );
    if (marked.affected === 0) throw invalidOperation(`The subscription ${guid} is already canceled`);
    return this.find(guid, company);
  }

  private async present(rows: Subscription[]) {
    const plans = rows.length
      ? await this.plans.findBy({ guid: In([...new Set(rows.map((row) => row.planGuid))]) })
      : [];
    const amountOf = new Map(plans.map((plan) => [plan.guid, plan.amount]));
    return rows.map((row) => presentSubscription(row, amountOf.get(row.planGuid) ?? 0));
  }
}
