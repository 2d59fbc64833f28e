import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Company, Customer, Subscription, TestClock } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { findOwnedOrFail, findReferencedOrFail } from '../http/ownership';
import { Page, findPage, newestOf } from '../http/pagination';
import { assertTestMode } from '../test-clocks/assert-test-mode';
import { CustomerClock } from '../time/customer-clock';
import { CreateCustomerParams, ListCustomersParams } from './customer.params';

@Injectable()
export class CustomersService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
  ) {}

  private get customers() {
    return this.db.repository(Customer);
  }

  async create(params: CreateCustomerParams, company: Company): Promise<Customer> {
    const testClockGuid = params.test_clock_guid
      ? (await this.usableTestClock(params.test_clock_guid, company)).guid
      : null;
    const guid = newGuid('customer');
    const processor = this.processors.forCompany(company);
    if (testClockGuid) assertTestMode(processor);
    let processorUri = params.processor_uri ?? null;
    // Talk to the processor first: its refusal must leave nothing behind.
    if (processorUri) await processor.validateCustomer(processorUri);
    else processorUri = await processor.createCustomer(guid);

    const customer = this.customers.create({ guid, companyGuid: company.guid, processorUri, testClockGuid });
    // insert, not save: save would look the new GUID up first and wrap the one INSERT in a transaction.
    // The INSERT's RETURNING fills in the defaults (created_at, deleted).
    await this.customers.insert(customer);
    return customer;
  }

  find(guid: string, company: Company): Promise<Customer> {
    return findOwnedOrFail(this.customers, 'customer', guid, company);
  }

  list(params: ListCustomersParams, page: Page, company: Company): Promise<Customer[]> {
    const list = { ...newestOf('company_guid', company.guid), filters: { processor_uri: params.processor_uri } };
    return findPage(this.customers, list, page);
  }

  /**
   * Customers subscribed to a plan, once per subscription, in the customers' order (billy.md §2.8): the plan's
   * subscriptions, which carry their customer's created_at. `starting_after` names a customer, and the page
   * starts after all of its subscriptions.
   */
  async listSubscribedTo(planGuid: string, page: Page): Promise<Customer[]> {
    const rows = await findPage(
      this.db.repository(Subscription),
      {
        where: 'plan_guid = $1',
        parameters: [planGuid],
        orderBy: ['customer_created_at', 'customer_guid', 'created_at', 'guid'],
        // A customer's place, if it has a subscription to the plan: equal on the list index's leading columns.
        cursor: {
          orderBy: ['customer_created_at', 'customer_guid'],
          lookup: (cursor) =>
            `SELECT customer_created_at, customer_guid FROM subscriptions
             WHERE plan_guid = $1 AND customer_guid = ${cursor}
               AND customer_created_at = (SELECT created_at FROM customers WHERE guid = ${cursor}) LIMIT 1`,
        },
      },
      page,
    );
    if (rows.length === 0) return [];
    const customers = await this.customers.findBy({ guid: In([...new Set(rows.map((row) => row.customerGuid))]) });
    const byGuid = new Map(customers.map((customer) => [customer.guid, customer]));
    return rows.map((row) => byGuid.get(row.customerGuid) as Customer);
  }

  /** Soft delete; its subscriptions are canceled in the same transaction (extensions.md). */
  async delete(guid: string, company: Company): Promise<Customer> {
    const customer = await this.find(guid, company);
    const canceledAt = await this.customerClock.now(customer);
    return this.db.transaction(async (manager) => {
      // The customer row before its subscriptions, as a subscription create locks it: the two serialise.
      const marked = await manager.update(
        Customer,
        { guid, deleted: false },
        { deleted: true, updatedAt: () => 'updated_at' },
      );
      if (marked.affected === 0) throw invalidOperation(`The customer ${guid} is already deleted`);
      await manager.update(
        Subscription,
        { customerGuid: guid, canceled: false },
        { canceled: true, canceledAt, updatedAt: () => 'updated_at' },
      );
      return { ...customer, deleted: true };
    });
  }

  private async usableTestClock(guid: string, company: Company): Promise<TestClock> {
    const clock = await findReferencedOrFail(
      this.db.repository(TestClock),
      'testClock',
      'test_clock_guid',
      guid,
      company,
    );
    if (clock.deleted) throw validationError(`test_clock_guid: the test clock ${guid} is deleted`);
    return clock;
  }
}
