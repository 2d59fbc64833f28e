import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { presentInvoice } from '@billy/api-shapes';
import {
  canCancelInvoice,
  canRefundInvoice,
  canUpdateFundingInstrument,
  effectiveAmount,
  initialInvoiceStatus,
  MAX_AMOUNT,
  TransactionTry,
} from '@billy/billing';
import { Company, Customer, Invoice, isUniqueViolation, Transaction } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { selectEntities } from '../database/select-entities';
import { conflict, invalidOperation, validationError } from '../http/api-error';
import { findOwnedOrFail, findReferencedOrFail } from '../http/ownership';
import { Page } from '../http/pagination';
import { newTransaction, TransactionSpec } from '../settlement/new-transaction';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { CustomerClock } from '../time/customer-clock';
import { CreateInvoiceParams, RefundInvoiceParams, UpdateInvoiceParams } from './invoice.params';

/**
 * Which invoices a list shows, and in which order (billy.md §2.8). `externalId`
 * filters every invoice list alike; only customer invoices have one.
 */
export type InvoiceScope = (
  | { kind: 'company'; companyGuid: string }
  | { kind: 'customer'; customerGuid: string }
  | { kind: 'subscription'; subscriptionGuid: string }
  | { kind: 'plan'; planGuid: string }
) & { externalId?: string };

/** Per scope, the rows ($1 is the scope's GUID) and their order: a subscription's or plan's follow their schedule. */
const LISTS: Record<InvoiceScope['kind'], { where: string; orderBy: string }> = {
  company: { where: 'company_guid = $1', orderBy: 'created_at DESC, guid DESC' },
  customer: { where: "customer_guid = $1 AND invoice_type = 'customer'", orderBy: 'created_at DESC, guid DESC' },
  subscription: { where: 'subscription_guid = $1', orderBy: 'scheduled_at DESC, created_at DESC, guid DESC' },
  plan: { where: 'plan_guid = $1', orderBy: 'scheduled_at DESC, created_at DESC, guid DESC' },
};

function scopeGuid(scope: InvoiceScope): string {
  switch (scope.kind) {
    case 'company':
      return scope.companyGuid;
    case 'customer':
      return scope.customerGuid;
    case 'subscription':
      return scope.subscriptionGuid;
    case 'plan':
      return scope.planGuid;
  }
}

const PENDING = In(['staged', 'retrying']);
const CHARGES = In(['debit', 'credit']);

@Injectable()
export class InvoicesService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
  ) {}

  private get invoices() {
    return this.db.repository(Invoice);
  }

  private get customers() {
    return this.db.repository(Customer);
  }

  /** A customer invoice; it charges its effective amount (extensions.md). */
  async create(params: CreateInvoiceParams, company: Company) {
    const customer = await findReferencedOrFail(
      this.customers,
      'customer',
      'customer_guid',
      params.customer_guid,
      company,
    );
    if (customer.deleted) throw validationError(`customer_guid: the customer ${customer.guid} is deleted`);
    const adjustments = (params.adjustments ?? []).map((a) => ({ amount: a.amount, reason: a.reason ?? null }));
    const effective = effectiveAmountOrFail(params.amount, adjustments);
    if (effective < 0)
      throw validationError('adjustments: the effective amount (amount + adjustments) must not be negative');
    if (params.funding_instrument_uri) {
      await this.processors.forCompany(company).validateFundingInstrument(params.funding_instrument_uri);
    }
    const now = await this.customerClock.now(customer);
    const invoice = this.invoices.create({
      guid: newGuid('invoice'),
      companyGuid: company.guid,
      invoiceType: 'customer',
      customerGuid: customer.guid,
      transactionType: 'debit',
      status: initialInvoiceStatus(params.amount, effective, Boolean(params.funding_instrument_uri)),
      amount: params.amount,
      totalAdjustmentAmount: effective - params.amount,
      title: params.title ?? null,
      externalId: params.external_id ?? null,
      appearsOnStatementAs: params.appears_on_statement_as ?? null,
      fundingInstrumentUri: params.funding_instrument_uri ?? null,
      items: (params.items ?? []).map((item) => ({
        name: item.name,
        amount: item.amount,
        type: item.type ?? null,
        quantity: item.quantity ?? null,
        volume: item.volume ?? null,
        unit: item.unit ?? null,
      })),
      adjustments,
    });
    const created = await this.db
      .transaction(async (manager) => {
        await manager.insert(Invoice, invoice);
        if (invoice.status !== 'processing') return [];
        return [await this.insertCharge(manager, invoice, effective, customer.testClockGuid, now)];
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'uq_invoices_customer_external_id')) {
          throw conflict(
            'DuplicateExternalIDError',
            `The customer already has an invoice with external_id ${params.external_id}`,
          );
        }
        throw error;
      });
    await this.dispatcher.dispatch(created);
    return this.find(invoice.guid, company);
  }

  async find(guid: string, company: Company) {
    return presentInvoice(await this.findEntity(guid, company));
  }

  findEntity(guid: string, company: Company): Promise<Invoice> {
    return findOwnedOrFail(this.invoices, 'invoice', guid, company);
  }

  async list(scope: InvoiceScope, page: Page) {
    const { where, orderBy } = LISTS[scope.kind];
    const parameters: unknown[] = [scopeGuid(scope), page.offset, page.limit];
    // The filter matches customer invoices only: subscription invoices have no external_id.
    let filter = '';
    if (scope.externalId !== undefined) {
      parameters.push(scope.externalId);
      filter = 'AND external_id = $4';
    }
    const rows = await selectEntities(
      this.invoices,
      `WHERE ${where} ${filter} ORDER BY ${orderBy} OFFSET $2 LIMIT $3`,
      parameters,
    );
    return rows.map(presentInvoice);
  }

  /** Sets a new funding instrument and charges it (billy.md §5.6 as amended). */
  async updateFundingInstrument(guid: string, params: UpdateInvoiceParams, company: Company) {
    const found = await this.findEntity(guid, company);
    await this.processors.forCompany(company).validateFundingInstrument(params.funding_instrument_uri);
    const { testClockGuid, now } = await this.timeOf(found);
    const created = await this.db.transaction(async (manager) => {
      const invoice = await this.lock(manager, guid);
      const effective = effectiveOf(invoice);
      const nothingToCharge = effective === 0;
      if (!nothingToCharge && !canUpdateFundingInstrument(invoice.status)) {
        throw invalidOperation(`A ${invoice.status} invoice cannot be charged again`);
      }
      invoice.fundingInstrumentUri = params.funding_instrument_uri;
      invoice.updatedAt = new Date();
      if (nothingToCharge) {
        await manager.save(invoice);
        return [];
      }
      if (invoice.status === 'processing') {
        const replaced = await this.cancelPendingCharges(manager, invoice, 'replace its payment');
        // A submitted charge still pending at the processor may yet succeed: charging beside it could double it.
        if (replaced === 0)
          throw invalidOperation("The invoice's payment is pending at the processor; wait for its outcome");
      }
      invoice.status = 'processing';
      await manager.save(invoice);
      return [await this.insertCharge(manager, invoice, effective, testClockGuid, now)];
    });
    await this.dispatcher.dispatch(created);
    return this.find(guid, company);
  }

  /** Cancels the invoice and only its own pending charges (billy.md §7.1 fixed). */
  async cancel(guid: string, company: Company) {
    await this.findEntity(guid, company);
    await this.db.transaction(async (manager) => {
      const invoice = await this.lock(manager, guid);
      if (!canCancelInvoice(invoice.status)) throw invalidOperation(`A ${invoice.status} invoice cannot be canceled`);
      await this.cancelPendingCharges(manager, invoice, 'cancel it');
      // Billy leaves updated_at alone on cancel (billy.md §5.3).
      await manager.update(Invoice, { guid }, { status: 'canceled', updatedAt: () => 'updated_at' });
    });
    return this.find(guid, company);
  }

  /** Refunds part or all of a settled debit; refunds together never exceed what was charged (billy.md §5.9). */
  async refund(guid: string, params: RefundInvoiceParams, company: Company) {
    const { testClockGuid, now } = await this.timeOf(await this.findEntity(guid, company));
    const created = await this.db.transaction(async (manager) => {
      // The row lock serialises concurrent refunds of one invoice, so their sum is checked safely.
      const invoice = await this.lock(manager, guid);
      if (!canRefundInvoice(invoice.status)) throw invalidOperation(`A ${invoice.status} invoice cannot be refunded`);
      const debit = await manager.findOneBy(Transaction, {
        invoiceGuid: guid,
        transactionType: 'debit',
        submitStatus: 'done',
        status: 'succeeded',
      });
      if (!debit) throw invalidOperation('This invoice has no settled debit to refund');
      const { refunded } = await manager
        .createQueryBuilder(Transaction, 't')
        .select('coalesce(sum(t.amount), 0)', 'refunded')
        .where("t.invoice_guid = :guid AND t.transaction_type = 'refund'", { guid })
        .andWhere("t.submit_status IN ('staged', 'retrying', 'done')")
        .getRawOne();
      const effective = effectiveOf(invoice);
      if (Number(refunded) + params.amount > effective) {
        throw invalidOperation(`Refunds would exceed the invoice's effective amount of ${effective}`);
      }
      return [
        await this.insertTransactionRow(manager, {
          invoice,
          type: 'refund',
          amount: params.amount,
          dueAt: now,
          testClockGuid,
          referenceTo: debit.guid,
        }),
      ];
    });
    await this.dispatcher.dispatch(created);
    return this.find(guid, company);
  }

  /** The invoice's debit or credit of `amount`, due at once in the customer's time. */
  private insertCharge(
    manager: EntityManager,
    invoice: Invoice,
    amount: number,
    testClockGuid: string | null,
    dueAt: Date,
  ): Promise<TransactionTry> {
    return this.insertTransactionRow(manager, { invoice, type: invoice.transactionType, amount, dueAt, testClockGuid });
  }

  private async insertTransactionRow(manager: EntityManager, spec: TransactionSpec): Promise<TransactionTry> {
    const transaction = newTransaction(spec);
    await manager.insert(Transaction, transaction);
    return { guid: transaction.guid as string, attempt: 1, failureCount: 0 };
  }

  /**
   * Cancels the invoice's staged or retrying debit/credit. One a worker is
   * submitting right now cannot be stopped, so the caller is asked to retry
   * rather than risk a second charge beside it.
   */
  private async cancelPendingCharges(manager: EntityManager, invoice: Invoice, action: string): Promise<number> {
    // Locking the rows makes a worker's claim wait for us, and then find nothing left to claim.
    const pending = await manager.find(Transaction, {
      where: { invoiceGuid: invoice.guid, transactionType: CHARGES, submitStatus: PENDING },
      lock: { mode: 'pessimistic_write' },
    });
    if (pending.some((transaction) => transaction.inFlightSince !== null)) {
      throw invalidOperation(`A payment of this invoice is being submitted; ${action} again in a few seconds`);
    }
    if (pending.length === 0) return 0;
    await manager.update(
      Transaction,
      { guid: In(pending.map((transaction) => transaction.guid)) },
      { submitStatus: 'canceled', nextAttemptAt: null },
    );
    return pending.length;
  }

  private lock(manager: EntityManager, guid: string): Promise<Invoice> {
    return manager.findOneOrFail(Invoice, { where: { guid }, lock: { mode: 'pessimistic_write' } });
  }

  /** The invoice's customer's test clock and "now". */
  private async timeOf(invoice: Invoice): Promise<{ testClockGuid: string | null; now: Date }> {
    const { testClockGuid } = await this.customers.findOneByOrFail({ guid: invoice.customerGuid });
    return { testClockGuid, now: await this.customerClock.now({ testClockGuid }) };
  }
}

const effectiveOf = (invoice: Invoice): number => invoice.amount + invoice.totalAdjustmentAmount;

/** amount + adjustments; a sum beyond ±MAX_AMOUNT is the request's fault (400), not a server error. */
function effectiveAmountOrFail(amount: number, adjustments: readonly { amount: number }[]): number {
  try {
    return effectiveAmount(amount, adjustments);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw validationError(`adjustments: the effective amount (amount + adjustments) must lie within ±${MAX_AMOUNT}`);
  }
}
