import Stripe from 'stripe';
import type { CallbackRequest, MoneyMovement, PaymentProcessor, ProcessorEvent } from '../payment-processor';
import type { MovementResult } from '@billy/billing';
import { invalidCustomer, invalidFundingInstrument, invalidProcessorKey, ProcessorError } from '../processor-errors';
import { promised } from '../promised';
import { parseStripeCallback } from './stripe-callback';
import { stripeMinimumAmount } from './stripe-minimums';
import { assertStripeStatementText } from './stripe-statement-text';
import { translateStripeError } from './stripe-error-translation';
import { CUSTOMER_GUID_KEY, IDEMPOTENCY_KEY_KEY, TRANSACTION_GUID_KEY } from './stripe-metadata';
import { paymentIntentStatus, refundStatus, transferStatus } from './stripe-statuses';

export interface StripeProcessorOptions {
  /** Where the API lives; tests point these at a local fake. */
  host?: string;
  port?: number;
  protocol?: Stripe.HttpProtocol;
  /** The SDK's own retries of connection errors and 5xx, sent with the same idempotency key. */
  maxNetworkRetries?: number;
  /** How long the SDK waits for one answer before it gives up (an unknown outcome). */
  timeoutMs?: number;
  /** Signing secret (`whsec_…`) of the company's webhook endpoint; without one every callback is refused. */
  webhookSecret?: string | null;
}

// The most a Stripe list answers at once; a debit rarely has more refunds, and further pages are read if it does.
const MAX_PAGE_SIZE = 100;
const CONNECTED_ACCOUNT_PREFIX = 'acct_';
// Secret and restricted keys of live mode; test mode's are sk_test_ and rk_test_.
const LIVE_KEY = /^(sk|rk)_live_/;

/**
 * Stripe behind Billy's processor interface: debits are off-session PaymentIntents, credits are
 * transfers to connected accounts, refunds refund the debit's PaymentIntent. Every money movement
 * carries the caller's idempotency key, so a retry never charges twice.
 */
export class StripeProcessor implements PaymentProcessor {
  readonly name = 'stripe' as const;
  // Stripe keeps an idempotency key for at least 24 hours, and its search lags writes by up to a minute.
  readonly keyRetentionMs = 24 * 60 * 60 * 1000;
  readonly lookupLagMs = 60_000;
  readonly live: boolean;
  private readonly stripe: Stripe;

  constructor(
    secretKey: string,
    private readonly options: StripeProcessorOptions = {},
  ) {
    // The SDK throws a plain Error for an empty key; answer with Billy's error instead.
    if (secretKey.trim() === '') throw invalidProcessorKey('The Stripe secret key is empty');
    this.live = LIVE_KEY.test(secretKey);
    this.stripe = new Stripe(secretKey, {
      host: options.host,
      port: options.port,
      protocol: options.protocol,
      maxNetworkRetries: options.maxNetworkRetries,
      timeout: options.timeoutMs,
    });
  }

  minimumAmount(currency: string): number {
    return stripeMinimumAmount(currency);
  }

  assertStatementText(text: string): void {
    assertStripeStatementText(text);
  }

  async validateKey(): Promise<void> {
    await this.call(() => this.stripe.balance.retrieve());
  }

  async registerCallback(): Promise<void> {
    // Stripe signs each webhook endpoint with its own secret, which this interface cannot hand
    // back; the company creates the endpoint and gives Billy its secret (`processor_webhook_secret`).
  }

  async createCustomer(customerGuid: string): Promise<string> {
    const customer = await this.call(() =>
      this.stripe.customers.create(
        { metadata: { [CUSTOMER_GUID_KEY]: customerGuid } },
        { idempotencyKey: `billy-customer-${customerGuid}` },
      ),
    );
    return customer.id;
  }

  async validateCustomer(customerUri: string): Promise<void> {
    if (customerUri.trim() === '') throw invalidCustomer('The customer URI is empty');
    const customer = await this.call(() => this.stripe.customers.retrieve(customerUri), invalidCustomer);
    if (customer.deleted) throw invalidCustomer(`The Stripe customer ${customerUri} was deleted`);
  }

  async validateFundingInstrument(fundingInstrumentUri: string): Promise<void> {
    if (fundingInstrumentUri.trim() === '') throw invalidFundingInstrument('The funding instrument URI is empty');
    // Debits draw on a PaymentMethod; credits pay out to a connected account.
    const retrieve = fundingInstrumentUri.startsWith(CONNECTED_ACCOUNT_PREFIX)
      ? () => this.stripe.accounts.retrieve(fundingInstrumentUri)
      : () => this.stripe.paymentMethods.retrieve(fundingInstrumentUri);
    await this.call<unknown>(retrieve, invalidFundingInstrument);
  }

  async debit(movement: MoneyMovement): Promise<MovementResult> {
    const paymentMethod = requireInstrument(movement, 'debit');
    const intent = await this.call(() =>
      this.stripe.paymentIntents.create(
        {
          amount: movement.amount,
          currency: movement.currency,
          customer: movement.customerUri ?? undefined,
          payment_method: paymentMethod,
          confirm: true,
          off_session: true,
          // Off-session billing has no page to return to, so methods that redirect are excluded.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          description: descriptionOf(movement),
          metadata: metadataOf(movement),
          statement_descriptor_suffix: movement.appearsOnStatementAs ?? undefined,
        },
        { idempotencyKey: movement.idempotencyKey },
      ),
    );
    return intentResult(intent);
  }

  async credit(movement: MoneyMovement): Promise<MovementResult> {
    const account = requireInstrument(movement, 'credit');
    const transfer = await this.call(() =>
      this.stripe.transfers.create(
        {
          amount: movement.amount,
          currency: movement.currency,
          destination: account,
          // What findMovement lists transfers by: unlike search, the list answers at once.
          transfer_group: movement.idempotencyKey,
          description: descriptionOf(movement),
          metadata: metadataOf(movement),
        },
        { idempotencyKey: movement.idempotencyKey },
      ),
    );
    return transferResult(transfer);
  }

  async refund(movement: MoneyMovement): Promise<MovementResult> {
    const paymentIntent = movement.referenceUri;
    if (!paymentIntent) {
      throw new ProcessorError('InvalidRefundReference', 'A refund needs the PaymentIntent of its debit', 'invalid');
    }
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        { payment_intent: paymentIntent, amount: movement.amount, metadata: metadataOf(movement) },
        { idempotencyKey: movement.idempotencyKey },
      ),
    );
    return refundResult(refund);
  }

  /**
   * Finds the movement by the idempotency key in its metadata. Debits come from search, which lags
   * writes by up to a minute (`lookupLagMs`), so null means "not found yet"; credits and refunds come
   * from lists, which answer at once.
   */
  async findMovement(movement: MoneyMovement): Promise<MovementResult | null> {
    const key = movement.idempotencyKey;
    switch (movement.type) {
      case 'debit': {
        const query = `metadata['${IDEMPOTENCY_KEY_KEY}']:'${key.replace(/['\\]/g, '\\$&')}'`;
        const found = await this.call(() => this.stripe.paymentIntents.search({ query, limit: 1 }));
        const intent = found.data[0];
        return intent ? intentResult(intent) : null;
      }
      case 'credit': {
        const transfer = await this.call(() =>
          firstWithKey(this.stripe.transfers.list({ transfer_group: key, limit: MAX_PAGE_SIZE }), key),
        );
        return transfer ? transferResult(transfer) : null;
      }
      case 'refund': {
        // refund() never calls Stripe without the debit's PaymentIntent, so there is nothing to find.
        const paymentIntent = movement.referenceUri;
        if (!paymentIntent) return null;
        const refund = await this.call(() =>
          firstWithKey(this.stripe.refunds.list({ payment_intent: paymentIntent, limit: MAX_PAGE_SIZE }), key),
        );
        return refund ? refundResult(refund) : null;
      }
    }
  }

  parseCallback(request: CallbackRequest): Promise<ProcessorEvent | null> {
    return promised(() => parseStripeCallback(this.stripe.webhooks, request, this.options.webhookSecret));
  }

  private async call<T>(request: () => Promise<T>, onInvalidInput?: (message: string) => ProcessorError): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw translateStripeError(error, onInvalidInput);
    }
  }
}

/** The first listed object an earlier call with this idempotency key made, reading page after page. */
async function firstWithKey<T extends { metadata: Stripe.Metadata | null }>(
  list: AsyncIterable<T>,
  idempotencyKey: string,
): Promise<T | null> {
  for await (const object of list) {
    if (object.metadata?.[IDEMPOTENCY_KEY_KEY] === idempotencyKey) return object;
  }
  return null;
}

const intentResult = (intent: Stripe.PaymentIntent): MovementResult => ({
  processorUri: intent.id,
  status: paymentIntentStatus(intent.status),
});

const transferResult = (transfer: Stripe.Transfer): MovementResult => ({
  processorUri: transfer.id,
  status: transferStatus(transfer),
});

const refundResult = (refund: Stripe.Refund): MovementResult => ({
  processorUri: refund.id,
  status: refundStatus(refund.status),
});

function requireInstrument(movement: MoneyMovement, operation: 'debit' | 'credit'): string {
  if (!movement.fundingInstrumentUri) throw invalidFundingInstrument(`A ${operation} needs a funding instrument`);
  return movement.fundingInstrumentUri;
}

function descriptionOf(movement: MoneyMovement): string {
  return `Generated by Billy from invoice ${movement.invoiceGuid}`;
}

function metadataOf(movement: MoneyMovement): Record<string, string> {
  return { [TRANSACTION_GUID_KEY]: movement.transactionGuid, [IDEMPOTENCY_KEY_KEY]: movement.idempotencyKey };
}
