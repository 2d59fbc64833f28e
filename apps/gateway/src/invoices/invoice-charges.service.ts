import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { canCancelInvoice, canRefundInvoice, canUpdateFundingInstrument } from '@billy/billing';
import { CompanyProcessors } from '@billy/payment-processor';
import { Company, Customer, Invoice, Transaction } from '@billy/persistence';
import { Db } from '../database/db';
import { invalidOperation } from '../http/api-error';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { stageCharge, stageTransaction } from '../settlement/stage-transaction';
import { CustomerClock } from '../time/customer-clock';
import { RefundInvoiceParams, UpdateInvoiceParams } from './invoice.params';
import { InvoicesService } from './invoices.service';

const PENDING = In(['staged', 'retrying']);
const CHARGES = In(['debit', 'credit']);

/**
 * What moves an invoice's money: charging a new funding instrument, cancel,
 * refund. Each locks the invoice row first, the payment worker's lock order.
 */
@Injectable()
export class InvoiceChargesService {
  constructor(
    private readonly db: Db,
    private readonly invoices: InvoicesService,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
  ) {}

  /** Sets a new funding instrument and charges it (billy.md §5.6 as amended). */
  async updateFundingInstrument(guid: string, params: UpdateInvoiceParams, company: Company) {
    const found = await this.invoices.findEntity(guid, company);
    await this.processors.forCompany(company).validateFundingInstrument(params.funding_instrument_uri);
    const { testClockGuid, now } = await this.timeOf(found);
    const created = await this.db.transaction(async (manager) => {
      const invoice = await lock(manager, guid);
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
      // Whatever the invoice's status, no charge of it may go on beside the new one.
      const replaced = await cancelPendingCharges(manager, invoice, 'replace its payment');
      // A submitted charge still pending at the processor may yet succeed: charging beside it could double it.
      if (invoice.status === 'processing' && replaced === 0) throw pendingAtProcessor();
      invoice.status = 'processing';
      await manager.save(invoice);
      return [await stageCharge(manager, invoice, effective, testClockGuid, now)];
    });
    await this.dispatcher.dispatch(created);
    return this.invoices.find(guid, company);
  }

  /** Cancels the invoice and only its own pending charges (billy.md §7.1 fixed). */
  async cancel(guid: string, company: Company) {
    await this.invoices.findEntity(guid, company);
    await this.db.transaction(async (manager) => {
      const invoice = await lock(manager, guid);
      if (!canCancelInvoice(invoice.status)) throw invalidOperation(`A ${invoice.status} invoice cannot be canceled`);
      // Money on its way would arrive on a canceled invoice that cannot be refunded.
      if (await hasChargePendingAtProcessor(manager, guid)) throw pendingAtProcessor();
      await cancelPendingCharges(manager, invoice, 'cancel it');
      // Billy leaves updated_at alone on cancel (billy.md §5.3).
      await manager.update(Invoice, { guid }, { status: 'canceled', updatedAt: () => 'updated_at' });
    });
    return this.invoices.find(guid, company);
  }

  /** Refunds part or all of a settled debit; refunds together never exceed what was charged (billy.md §5.9). */
  async refund(guid: string, params: RefundInvoiceParams, company: Company) {
    const { testClockGuid, now } = await this.timeOf(await this.invoices.findEntity(guid, company));
    const created = await this.db.transaction(async (manager) => {
      // The row lock serialises concurrent refunds of one invoice, so their sum is checked safely.
      const invoice = await lock(manager, guid);
      if (!canRefundInvoice(invoice.status)) throw invalidOperation(`A ${invoice.status} invoice cannot be refunded`);
      const debit = await manager.findOneBy(Transaction, {
        invoiceGuid: guid,
        transactionType: 'debit',
        submitStatus: 'done',
        status: 'succeeded',
      });
      if (!debit) throw invalidOperation('This invoice has no settled debit to refund');
      const refunded = await refundedAmount(manager, guid);
      const effective = effectiveOf(invoice);
      if (refunded + params.amount > effective) {
        throw invalidOperation(`Refunds would exceed the invoice's effective amount of ${effective}`);
      }
      const refund = { invoice, type: 'refund' as const, amount: params.amount, dueAt: now, testClockGuid };
      return [await stageTransaction(manager, { ...refund, referenceTo: debit.guid })];
    });
    await this.dispatcher.dispatch(created);
    return this.invoices.find(guid, company);
  }

  /** The invoice's customer's test clock and "now". */
  private async timeOf(invoice: Invoice): Promise<{ testClockGuid: string | null; now: Date }> {
    const { testClockGuid } = await this.db.repository(Customer).findOneByOrFail({ guid: invoice.customerGuid });
    return { testClockGuid, now: await this.customerClock.now({ testClockGuid }) };
  }
}

const effectiveOf = (invoice: Invoice): number => invoice.amount + invoice.totalAdjustmentAmount;

const pendingAtProcessor = () =>
  invalidOperation("The invoice's payment is pending at the processor; wait for its outcome");

/** A debit or credit the processor accepted but has not settled yet (a bank debit, say). */
function hasChargePendingAtProcessor(manager: EntityManager, invoiceGuid: string): Promise<boolean> {
  return manager.existsBy(Transaction, {
    invoiceGuid,
    transactionType: CHARGES,
    submitStatus: 'done',
    status: 'pending',
  });
}

function lock(manager: EntityManager, guid: string): Promise<Invoice> {
  return manager.findOneOrFail(Invoice, { where: { guid }, lock: { mode: 'pessimistic_write' } });
}

/** What the invoice's refunds take already: the pending ones and the done ones. */
async function refundedAmount(manager: EntityManager, invoiceGuid: string): Promise<number> {
  const row = await manager
    .createQueryBuilder(Transaction, 't')
    .select('coalesce(sum(t.amount), 0)', 'refunded')
    .where("t.invoice_guid = :invoiceGuid AND t.transaction_type = 'refund'", { invoiceGuid })
    .andWhere("t.submit_status IN ('staged', 'retrying', 'done')")
    .getRawOne<{ refunded: string }>();
  return Number(row?.refunded ?? 0);
}

/**
 * Cancels the invoice's staged or retrying debit/credit. One a worker is
 * submitting right now, or whose last call has no known outcome, cannot be
 * stopped, so the caller is asked to retry rather than risk a second charge
 * beside it.
 */
async function cancelPendingCharges(manager: EntityManager, invoice: Invoice, action: string): Promise<number> {
  // Locking the rows makes a worker's claim wait for us, and then find nothing left to claim.
  const pending = await manager.find(Transaction, {
    where: { invoiceGuid: invoice.guid, transactionType: CHARGES, submitStatus: PENDING },
    lock: { mode: 'pessimistic_write' },
  });
  if (pending.some((transaction) => transaction.inFlightSince !== null)) {
    throw invalidOperation(`A payment of this invoice is being submitted; ${action} again in a few seconds`);
  }
  // The last call may have moved the money: only the processor's answer, which the worker is getting, may end it.
  if (pending.some((transaction) => transaction.outcomeUnknownSince !== null)) {
    throw invalidOperation(
      `The outcome of this invoice's last payment attempt is not known yet; ${action} again once it is`,
    );
  }
  if (pending.length === 0) return 0;
  await manager.update(
    Transaction,
    { guid: In(pending.map((transaction) => transaction.guid)) },
    { submitStatus: 'canceled', nextAttemptAt: null },
  );
  return pending.length;
}
