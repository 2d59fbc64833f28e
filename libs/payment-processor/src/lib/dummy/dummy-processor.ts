import { setTimeout as sleep } from 'node:timers/promises';
import type { CallbackRequest, MoneyMovement, PaymentProcessor, ProcessorEvent } from '../payment-processor';
import type { MovementResult } from '@billy/billing';
import { invalidCustomer, invalidFundingInstrument, invalidProcessorKey, ProcessorError } from '../processor-errors';
import { promised } from '../promised';
import { parseDummyCallback } from './dummy-callback';
import type { DummyLedger, DummyLedgerEntry, DummyOperation } from './dummy-ledger';

export interface DummyProcessorOptions {
  ledger: DummyLedger;
  /** Awaited before every debit, credit and refund, to make the dummy feel like a network call. */
  latencyMs?: number;
}

const isBlank = (value: string): boolean => value.trim() === '';

/**
 * A processor that moves no money and answers deterministically from the funding instrument URI
 * (extensions.md "Processors"): `invalid` is rejected, `declined` is declined, `flaky` fails its
 * first attempt per idempotency key, anything else succeeds.
 */
export class DummyProcessor implements PaymentProcessor {
  readonly name = 'dummy' as const;
  // The ledger lives in PostgreSQL and forgets nothing; it answers a look-up as soon as it is written.
  readonly keyRetentionMs = Number.POSITIVE_INFINITY;
  readonly lookupLagMs = 0;
  readonly minimumAmount = 1;

  constructor(
    private readonly secretKey: string,
    private readonly options: DummyProcessorOptions,
  ) {}

  validateKey(): Promise<void> {
    return promised(() => {
      if (isBlank(this.secretKey)) throw invalidProcessorKey('The dummy processor needs a non-empty key');
    });
  }

  async registerCallback(): Promise<void> {
    // The dummy never calls back on its own: integrators post callbacks themselves.
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
    return this.moveFromInstrument('debit', movement);
  }

  credit(movement: MoneyMovement): Promise<MovementResult> {
    return this.moveFromInstrument('credit', movement);
  }

  async refund(movement: MoneyMovement): Promise<MovementResult> {
    await this.simulateLatency();
    return this.record('refund', movement);
  }

  async findMovement(movement: MoneyMovement): Promise<MovementResult | null> {
    const entry = await this.options.ledger.find(movement.idempotencyKey);
    return entry && toResult(entry);
  }

  parseCallback(request: CallbackRequest): Promise<ProcessorEvent | null> {
    return promised(() => parseDummyCallback(request));
  }

  private async moveFromInstrument(operation: DummyOperation, movement: MoneyMovement): Promise<MovementResult> {
    await this.simulateLatency();
    const instrument = movement.fundingInstrumentUri;
    if (instrument === null || isBlank(instrument)) {
      throw invalidFundingInstrument(`A ${operation} needs a funding instrument`);
    }
    // A replayed key needs no look-up first: the ledger answers a repeat with the first entry.
    if (instrument.includes('declined')) {
      throw new ProcessorError(
        'CardDeclined',
        `The ${operation} on ${instrument} was declined`,
        'declined',
        'card_declined',
      );
    }
    if (instrument.includes('flaky') && (await this.options.ledger.markAttempt(movement.idempotencyKey)) === 1) {
      throw new ProcessorError(
        'ProcessorUnavailable',
        `The ${operation} on ${instrument} failed; try again`,
        'transient',
      );
    }
    return this.record(operation, movement);
  }

  private async record(operation: DummyOperation, movement: MoneyMovement): Promise<MovementResult> {
    const entry = await this.options.ledger.record({
      idempotencyKey: movement.idempotencyKey,
      operation,
      amount: movement.amount,
      fundingInstrumentUri: movement.fundingInstrumentUri,
      processorUri: `/dummy/${operation}s/${movement.idempotencyKey}`,
      createdAt: new Date(),
    });
    return toResult(entry);
  }

  private async simulateLatency(): Promise<void> {
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
  }
}

function toResult(entry: DummyLedgerEntry): MovementResult {
  return { processorUri: entry.processorUri, status: 'succeeded' };
}
