import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { presentTransaction } from '@billy/api-shapes';
import { Company, Transaction, TransactionFailure } from '@billy/persistence';
import { Db } from '../database/db';
import { findOwnedOrFail } from '../http/ownership';
import { findPage, ListQuery, newestOf, Page } from '../http/pagination';

/** Which transactions a list shows (billy.md §2.8). */
export type TransactionScope =
  | { kind: 'company'; companyGuid: string }
  | { kind: 'customer'; customerGuid: string }
  | { kind: 'plan'; planGuid: string }
  | { kind: 'subscription'; subscriptionGuid: string }
  | { kind: 'invoice'; invoiceGuid: string };

@Injectable()
export class TransactionsService {
  constructor(private readonly db: Db) {}

  private get transactions() {
    return this.db.repository(Transaction);
  }

  private get failures() {
    return this.db.repository(TransactionFailure);
  }

  async find(guid: string, company: Company) {
    const transaction = await findOwnedOrFail(this.transactions, 'transaction', guid, company);
    return (await this.present([transaction]))[0];
  }

  async list(scope: TransactionScope, page: Page) {
    return this.present(await findPage(this.transactions, transactionList(scope), page));
  }

  /** Loads the failures of all listed transactions with one query. */
  private async present(rows: Transaction[]) {
    const failures = rows.length
      ? await this.failures.find({
          where: { transactionGuid: In(rows.map((row) => row.guid)) },
          order: { createdAt: 'ASC', guid: 'ASC' },
        })
      : [];
    return rows.map((row) =>
      presentTransaction(
        row,
        failures.filter((failure) => failure.transactionGuid === row.guid),
      ),
    );
  }
}

/** A transaction carries its invoice's subscription and plan (null for a customer invoice), so no list joins. */
function transactionList(scope: TransactionScope): ListQuery {
  switch (scope.kind) {
    case 'company':
      return newestOf('company_guid', scope.companyGuid);
    case 'invoice':
      return newestOf('invoice_guid', scope.invoiceGuid);
    case 'customer':
      // Only the customer's own (customer) invoices, not its subscription invoices.
      return {
        ...newestOf('customer_guid', scope.customerGuid),
        where: 'customer_guid = $1 AND subscription_guid IS NULL',
      };
    case 'plan':
      return newestOf('plan_guid', scope.planGuid);
    case 'subscription':
      return newestOf('subscription_guid', scope.subscriptionGuid);
  }
}
