import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { invoiceStatusAfterResult } from '@billy/billing';
import { apiKeyMatches, isGuidOf, newGuid } from '@billy/crypto';
import { Company, Invoice, isUniqueViolation, Transaction, TransactionEvent } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import type { CallbackRequest, ProcessorEvent } from '@billy/payment-processor';
import { Db } from '../database/db';
import { ApiError, notFound } from '../http/api-error';

export type CallbackOutcome = { code: 'ok' } | { code: 'ignore' };

const invalidPayload = (message: string) => new ApiError(400, 'InvalidCallbackPayload', message);

/** Processors' event ids are short; this also keeps the (transaction, event id) unique index within its row size limit. */
const MAX_EVENT_ID_LENGTH = 255;
// Well inside PostgreSQL's timestamptz range (4713 BC to 294276 AD), which JavaScript dates exceed.
const EARLIEST_EVENT = Date.parse('0001-01-01T00:00:00Z');
const LATEST_EVENT = Date.parse('9999-12-31T23:59:59.999Z');

/** An event whose id or time PostgreSQL cannot store is the payload's fault: a 400, not a 500. */
function assertStorable(event: ProcessorEvent): void {
  if (event.eventId.length > MAX_EVENT_ID_LENGTH || event.eventId.includes('\u0000')) {
    throw invalidPayload(`The event id must be at most ${MAX_EVENT_ID_LENGTH} characters, without NUL`);
  }
  const time = event.occurredAt.getTime();
  if (!(time >= EARLIEST_EVENT && time <= LATEST_EVENT)) {
    throw invalidPayload('occurred_at must lie between the years 1 and 9999');
  }
}

/** A processor's status event for one of our transactions (billy.md §6.3, guarded by extensions.md). */
@Injectable()
export class CallbacksService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
  ) {}

  async receive(companyGuid: string, callbackKey: string, request: CallbackRequest): Promise<CallbackOutcome> {
    const company = isGuidOf('company', companyGuid)
      ? await this.db.repository(Company).findOneBy({ guid: companyGuid })
      : null;
    // The secret key in the URL is the credential: a wrong one looks exactly like an unknown company.
    if (!company || !apiKeyMatches(callbackKey, company.callbackKeyHash)) throw notFound('No such callback');
    const event = await this.processors.forCompany(company).parseCallback(request);
    if (!event) return { code: 'ignore' };
    assertStorable(event);
    await this.db.transaction((manager) => this.apply(manager, company, event));
    return { code: 'ok' };
  }

  private async apply(manager: EntityManager, company: Company, event: ProcessorEvent): Promise<void> {
    const found = isGuidOf('transaction', event.transactionGuid)
      ? await manager.findOneBy(Transaction, { guid: event.transactionGuid })
      : null;
    if (!found || found.companyGuid !== company.guid) {
      throw invalidPayload(`No transaction ${event.transactionGuid} of this company`);
    }
    // Invoice first, then transaction: the payment worker and the gateway lock in this order too.
    const invoice = await manager.findOneOrFail(Invoice, {
      where: { guid: found.invoiceGuid },
      lock: { mode: 'pessimistic_write' },
    });
    const transaction = await manager.findOneOrFail(Transaction, {
      where: { guid: found.guid },
      lock: { mode: 'pessimistic_write' },
    });
    const newest = await manager
      .createQueryBuilder(TransactionEvent, 'e')
      .select('max(e.occurred_at)', 'latest')
      .where('e.transaction_guid = :guid', { guid: transaction.guid })
      .getRawOne<{ latest: Date | null }>();
    await manager
      .insert(TransactionEvent, {
        guid: newGuid('transactionEvent'),
        transactionGuid: transaction.guid,
        processorEventId: event.eventId,
        status: event.status,
        occurredAt: event.occurredAt,
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw new ApiError(400, 'DuplicateEventError', `Event ${event.eventId} was already received`);
        }
        throw error;
      });
    // Older events are kept but ignored. Stripe stamps events to the second, so one as old as the newest
    // still applies: the transaction lock above makes that the order of arrival.
    if (newest?.latest && event.occurredAt < newest.latest) return;
    // A late `pending` never takes back an outcome the processor already reported.
    if (event.status === 'pending' && (transaction.status === 'succeeded' || transaction.status === 'failed')) return;
    // The worker reads the status of a try it still holds: `succeeded` means money moved, so it looks it up.
    await manager.update(Transaction, { guid: transaction.guid }, { status: event.status });
    if (transaction.transactionType !== 'debit' && transaction.transactionType !== 'credit') return;
    // While a try is staged or retrying its invoice stays processing (extensions.md); the worker moves it.
    if (transaction.submitStatus === 'staged' || transaction.submitStatus === 'retrying') return;
    // A charge replaced by a newer one (a new funding instrument re-charged the invoice) no longer speaks for
    // the invoice, unless money moved.
    if (event.status !== 'succeeded' && (await isSuperseded(manager, transaction))) return;
    const status = invoiceStatusAfterResult(invoice.status, event.status);
    if (status !== invoice.status) await manager.update(Invoice, { guid: invoice.guid }, { status });
  }
}

/** Whether the invoice has a later charge of the same type than `transaction`, or it was canceled. */
async function isSuperseded(manager: EntityManager, transaction: Transaction): Promise<boolean> {
  if (transaction.submitStatus === 'canceled') return true;
  return (
    manager
      .createQueryBuilder(Transaction, 't')
      .where('t.invoice_guid = :invoice AND t.transaction_type = :type', {
        invoice: transaction.invoiceGuid,
        type: transaction.transactionType,
      })
      // Compared in SQL: the row's microseconds are finer than a JavaScript Date.
      .andWhere('t.created_at > (SELECT created_at FROM transactions WHERE guid = :guid)', { guid: transaction.guid })
      .getExists()
  );
}
