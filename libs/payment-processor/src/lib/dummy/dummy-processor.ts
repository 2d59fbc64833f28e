import type { MovementResult, ProcessorStatus } from '@billy/billing';
import type {
  CallbackRequest,
  MoneyMovement,
  MovementType,
  PaymentProcessor,
  ProcessorEvent,
} from '../payment-processor';
import { invalidCustomer, invalidFundingInstrument, invalidProcessorKey, ProcessorError } from '../processor-errors';
import { promised } from '../promised';
import { parseDummyCallback } from './dummy-callback';
import { answeredStatus, DummyKeyword, keywordsOf, settledStatus } from './dummy-keywords';
import type { DummyLedger, DummyLedgerEntry } from './dummy-ledger';
import { scheduleDummyCallback } from './schedule-dummy-callback';

export interface DummyProcessorOptions {
  ledger: DummyLedger;
  /** Awaited before every debit, credit and refund, to make the dummy feel like a network call. */
  latencyMs?: number;
  /** How much longer a debit, credit or refund on a `slow` instrument takes (default 5 s). */
  slowMs?: number;
  /** How long after a `pending` or `declined` call its callback is posted (default 1 s). */
  callbackDelayMs?: number;
  /** The company's registered callback URL; null (the default) sends no callbacks. */
  callbackUrl?: string | null;
}

const isBlank = (value: string): boolean => value.trim() === '';

const processorUriOf = (type: MovementType, idempotencyKey: string): string => `/dummy/${type}s/${idempotencyKey}`;

const REFUNDED_DEBIT = /^\/dummy\/debits\/(.+)$/;

/**
 * A processor that moves no money and answers deterministically from words in the funding instrument
 * URI (extensions.md "Processors"); the words combine (`/cards/slow-lost` is slow and lost):
 * - `invalid`: the instrument is rejected when attached;
 * - `declined`: every debit or credit is declined, and a `failed` callback follows, as Stripe sends one
 *   per declined confirm (declined moves nothing, so it outranks the words below);
 * - `flaky`: the first attempt of each idempotency key fails transiently, before moving anything;
 * - `lost`: the first call of each key moves the money, then every call with the key fails with a
 *   transient 500, as a processor replays a saved 500; findMovement finds the movement;
 * - `pending`: the call answers `pending`, and after `callbackDelayMs` a `succeeded` callback follows
 *   (`pending-failed`: a `failed` one);
 * - `slow`: the call takes `slowMs` longer;
 * - anything else succeeds.
 * A refund obeys the `lost` and `slow` of the debit it refunds, found by its `referenceUri`.
 */
export class DummyProcessor implements PaymentProcessor {
  readonly name = 'dummy' as const;
  // It moves no money at all.
  readonly live = false;
  // The ledger lives in PostgreSQL and forgets nothing; it answers a look-up as soon as it is written.
  readonly keyRetentionMs = Number.POSITIVE_INFINITY;
  readonly lookupLagMs = 0;

  minimumAmount(): number {
    return 1;
  }

  private readonly ledger: DummyLedger;
  private readonly latencyMs: number;
  private readonly slowMs: number;
  private readonly callbackDelayMs: number;
  private readonly callbackUrl: string | null;

  constructor(
    private readonly secretKey: string,
    options: DummyProcessorOptions,
  ) {
    this.ledger = options.ledger;
    this.latencyMs = options.latencyMs ?? 0;
    this.slowMs = options.slowMs ?? 5_000;
    this.callbackDelayMs = options.callbackDelayMs ?? 1_000;
    this.callbackUrl = options.callbackUrl ?? null;
  }

  validateKey(): Promise<void> {
    return promised(() => {
      if (isBlank(this.secretKey)) throw invalidProcessorKey('The dummy processor needs a non-empty key');
    });
  }

  async registerCallback(): Promise<void> {
    // Billy keeps the company's callback URL itself and hands it back as the callbackUrl option.
  }

  // Billy's own rule for appears_on_statement_as is all the dummy asks.
  assertStatementText(): void {}

  createCustomer(customerGuid: string): Promise<string> {
    return Promise.resolve(`/dummy/customers/${customerGuid}`);
  }

  validateCustomer(customerUri: string): Promise<void> {
    return promised(() => {
      if (isBlank(customerUri)) throw invalidCustomer('The customer URI is empty');
    });
  }

  validateFundingInstrument(fundingInstrumentUri: string): Promise<void> {
    return promised(() => {
      if (isBlank(fundingInstrumentUri) || fundingInstrumentUri.includes('invalid')) {
        throw invalidFundingInstrument(`The funding instrument ${fundingInstrumentUri} is invalid`);
      }
    });
  }

  debit(movement: MoneyMovement): Promise<MovementResult> {
    return this.moveOnInstrument('debit', movement);
  }

  credit(movement: MoneyMovement): Promise<MovementResult> {
    return this.moveOnInstrument('credit', movement);
  }

  async refund(movement: MoneyMovement): Promise<MovementResult> {
    const debitKey = REFUNDED_DEBIT.exec(movement.referenceUri ?? '')?.[1];
    const debit = debitKey === undefined ? null : await this.ledger.find(debitKey);
    return this.move('refund', movement, keywordsOf(debit?.fundingInstrumentUri ?? null, 'refund'));
  }

  async findMovement(movement: MoneyMovement): Promise<MovementResult | null> {
    const entry = await this.ledger.find(movement.idempotencyKey);
    if (!entry) return null;
    const keywords = keywordsOf(entry.fundingInstrumentUri, entry.operation);
    const settled = Date.now() >= this.settlesAt(entry).getTime();
    return { processorUri: entry.processorUri, status: settled ? settledStatus(keywords) : answeredStatus(keywords) };
  }

  parseCallback(request: CallbackRequest): Promise<ProcessorEvent | null> {
    return promised(() => parseDummyCallback(request));
  }

  private moveOnInstrument(type: MovementType, movement: MoneyMovement): Promise<MovementResult> {
    const instrument = movement.fundingInstrumentUri;
    if (instrument === null || isBlank(instrument)) {
      return Promise.reject(invalidFundingInstrument(`A ${type} needs a funding instrument`));
    }
    return this.move(type, movement, keywordsOf(instrument, type));
  }

  private async move(
    type: MovementType,
    movement: MoneyMovement,
    keywords: ReadonlySet<DummyKeyword>,
  ): Promise<MovementResult> {
    const key = movement.idempotencyKey;
    // Only debits and credits obey `declined` and `flaky`, so these messages name a real instrument.
    const instrument = movement.fundingInstrumentUri;
    const delayMs = this.latencyMs + (keywords.has('slow') ? this.slowMs : 0);
    // No timer at all without a delay: even a 0 ms one costs a millisecond per call. The global
    // setTimeout, not node:timers/promises, so that tests' fake timers control it.
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (keywords.has('declined')) {
      // A replayed decline is answered again but not called back again.
      if ((await this.ledger.markAttempt(key)) === 1) {
        this.callBack(processorUriOf(type, key), movement, 'failed', new Date(Date.now() + this.callbackDelayMs));
      }
      throw new ProcessorError(
        'CardDeclined',
        `The ${type} on ${instrument} was declined`,
        'declined',
        'card_declined',
      );
    }
    if (keywords.has('flaky') && (await this.ledger.markAttempt(key)) === 1) {
      throw new ProcessorError('ProcessorUnavailable', `The ${type} on ${instrument} failed; try again`, 'transient');
    }
    // A replayed key needs no look-up first: the ledger answers a repeat with the first entry.
    const { entry, inserted } = await this.ledger.record({
      idempotencyKey: key,
      operation: type,
      amount: movement.amount,
      fundingInstrumentUri: movement.fundingInstrumentUri,
      processorUri: processorUriOf(type, key),
      createdAt: new Date(),
    });
    if (inserted && keywords.has('pending')) {
      this.callBack(entry.processorUri, movement, settledStatus(keywords), this.settlesAt(entry));
    }
    if (keywords.has('lost')) {
      throw new ProcessorError('ProcessorUnavailable', `The ${type} ${key} failed with a server error`, 'transient');
    }
    return { processorUri: entry.processorUri, status: answeredStatus(keywords) };
  }

  /** When a `pending` movement settles: the time its callback reports. */
  private settlesAt(entry: DummyLedgerEntry): Date {
    return new Date(entry.createdAt.getTime() + this.callbackDelayMs);
  }

  private callBack(processorUri: string, movement: MoneyMovement, status: ProcessorStatus, occurredAt: Date): void {
    if (this.callbackUrl === null) return;
    scheduleDummyCallback(this.callbackUrl, {
      eventId: `${processorUri}-${status}`,
      transactionGuid: movement.transactionGuid,
      status,
      occurredAt,
    });
  }
}
