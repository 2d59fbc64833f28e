import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Company, Customer, Subscription, TestClock } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { findOwnedOrFail, findReferencedOrFail } from '../http/ownership';
import { Page, findPage } from '../http/pagination';
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
    return findPage(
      this.customers,
      { companyGuid: company.guid, ...(params.processor_uri ? { processorUri: params.processor_uri } : {}) },
      page,
    );
  }

  /** Customers subscribed to a plan, once per subscription (billy.md §2.8). */
  async listSubscribedTo(planGuid: string, page: Page): Promise<Customer[]> {
    // One row per subscription: getMany() would merge the rows of a customer subscribed twice into one entity.
    const rows: { customer_guid: string }[] = await this.db.manager
      .createQueryBuilder()
      .select('s.customer_guid', 'customer_guid')
      .from('subscriptions', 's')
      .innerJoin('customers', 'c', 'c.guid = s.customer_guid')
      .where('s.plan_guid = :planGuid', { planGuid })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.guid', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .offset(page.offset)
      .limit(page.limit)
      .getRawMany();
    if (rows.length === 0) return [];
    const customers = await this.customers.findBy({ guid: In([...new Set(rows.map((row) => row.customer_guid))]) });
    const byGuid = new Map(customers.map((customer) => [customer.guid, customer]));
    return rows.map((row) => byGuid.get(row.customer_guid) as Customer);
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
