import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { presentTransaction } from '@billy/api-shapes';
import { Company, Transaction, TransactionFailure } from '@billy/persistence';
import { Db } from '../database/db';
import { findOwnedOrFail } from '../http/ownership';
import { Page } from '../http/pagination';

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
    const query = this.transactions.createQueryBuilder('t');
    switch (scope.kind) {
      case 'company':
        query.where('t.company_guid = :guid', { guid: scope.companyGuid });
        break;
      case 'invoice':
        query.where('t.invoice_guid = :guid', { guid: scope.invoiceGuid });
        break;
      case 'customer':
        // Only the customer's own (customer) invoices, not its subscription invoices.
        query
          .innerJoin('invoices', 'i', 'i.guid = t.invoice_guid')
          .where("i.customer_guid = :guid AND i.invoice_type = 'customer'", { guid: scope.customerGuid });
        break;
      case 'plan':
        query
          .innerJoin('invoices', 'i', 'i.guid = t.invoice_guid')
          .where('i.plan_guid = :guid', { guid: scope.planGuid });
        break;
      case 'subscription':
        query
          .innerJoin('invoices', 'i', 'i.guid = t.invoice_guid')
          .where('i.subscription_guid = :guid', { guid: scope.subscriptionGuid });
        break;
    }
    const rows = await query
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.guid', 'DESC')
      .offset(page.offset)
      .limit(page.limit)
      .getMany();
    return this.present(rows);
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
