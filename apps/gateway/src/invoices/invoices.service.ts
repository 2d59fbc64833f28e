import { Injectable } from '@nestjs/common';
import { presentInvoice } from '@billy/api-shapes';
import { couponLine, DEFAULT_CURRENCY, effectiveAmount, initialInvoiceStatus, MAX_AMOUNT } from '@billy/billing';
import { newGuid } from '@billy/crypto';
import { CompanyProcessors } from '@billy/payment-processor';
import { Company, Customer, Invoice, isUniqueViolation } from '@billy/persistence';
import { CouponsService, redeemCoupon } from '../coupons/coupons.service';
import { Db } from '../database/db';
import { conflict, validationError } from '../http/api-error';
import { findLiveReferenceOrFail, findOwnedOrFail } from '../http/ownership';
import { findPage, Page } from '../http/pagination';
import { assertProcessorAccepts } from '../settlement/assert-processor-accepts';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { stageCharge } from '../settlement/stage-transaction';
import { CustomerClock } from '../time/customer-clock';
import { CreateInvoiceParams } from './invoice.params';
import { InvoiceScope, invoiceList } from './invoice-scope';

/** Invoices as resources: create a customer invoice, retrieve, list. What changes their charges is InvoiceChargesService. */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
    private readonly coupons: CouponsService,
  ) {}

  private get invoices() {
    return this.db.repository(Invoice);
  }

  /** A customer invoice; it charges its effective amount (extensions.md). */
  async create(params: CreateInvoiceParams, company: Company) {
    const customers = this.db.repository(Customer);
    const customer = await findLiveReferenceOrFail(
      customers,
      'customer',
      'customer_guid',
      params.customer_guid,
      company,
    );
    const currency = params.currency ?? DEFAULT_CURRENCY;
    const coupon =
      params.coupon_guid === undefined
        ? null
        : await this.coupons.findRedeemable(params.coupon_guid, company, currency);
    const adjustments = (params.adjustments ?? []).map((a) => ({ amount: a.amount, reason: a.reason ?? null }));
    if (coupon) adjustments.push(couponLine(coupon, params.amount));
    const effective = effectiveAmountOrFail(params.amount, adjustments);
    if (effective < 0)
      throw validationError('adjustments: the effective amount (amount + adjustments) must not be negative');
    const processor = this.processors.forCompany(company);
    assertProcessorAccepts(processor, {
      currency,
      amount: effective,
      amountLabel: 'amount: the effective amount (amount + adjustments)',
      statementText: params.appears_on_statement_as,
    });
    if (params.funding_instrument_uri) await processor.validateFundingInstrument(params.funding_instrument_uri);
    const now = await this.customerClock.now(customer);
    const invoice = this.invoices.create({
      guid: newGuid('invoice'),
      companyGuid: company.guid,
      invoiceType: 'customer',
      customerGuid: customer.guid,
      transactionType: 'debit',
      status: initialInvoiceStatus(params.amount, effective, Boolean(params.funding_instrument_uri)),
      amount: params.amount,
      currency,
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
        if (coupon) await redeemCoupon(manager, coupon, now);
        await manager.insert(Invoice, invoice);
        if (invoice.status !== 'processing') return [];
        return [await stageCharge(manager, invoice, effective, customer.testClockGuid, now)];
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
    return (await findPage(this.invoices, invoiceList(scope), page)).map(presentInvoice);
  }
}

/** amount + adjustments; a sum beyond ±MAX_AMOUNT is the request's fault (400), not a server error. */
function effectiveAmountOrFail(amount: number, adjustments: readonly { amount: number }[]): number {
  try {
    return effectiveAmount(amount, adjustments);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw validationError(`adjustments: the effective amount (amount + adjustments) must lie within ±${MAX_AMOUNT}`);
  }
}
