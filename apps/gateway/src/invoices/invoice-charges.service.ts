import { Injectable } from '@nestjs/common';
import { canCancelInvoice } from '@billy/billing';
import { CompanyProcessors } from '@billy/payment-processor';
import { Company, Customer, Invoice } from '@billy/persistence';
import { Db } from '../database/db';
import { invalidOperation } from '../http/api-error';
import { SettlementDispatcher } from '../settlement/settlement-dispatcher';
import { CustomerClock } from '../time/customer-clock';
import { RefundInvoiceParams, UpdateInvoiceParams } from './invoice.params';
import { InvoicesService } from './invoices.service';
import { cancelInvoiceCharges, ChargeTime, chargeNewInstrument, lockInvoice, stageRefund } from './invoice-money';

/** The invoice endpoints that move money: charging a new funding instrument, cancel, refund (invoice-money.ts). */
@Injectable()
export class InvoiceChargesService {
  constructor(
    private readonly db: Db,
    private readonly invoices: InvoicesService,
    private readonly processors: CompanyProcessors,
    private readonly customerClock: CustomerClock,
    private readonly dispatcher: SettlementDispatcher,
  ) {}

  async updateFundingInstrument(guid: string, params: UpdateInvoiceParams, company: Company) {
    const found = await this.invoices.findEntity(guid, company);
    await this.processors.forCompany(company).validateFundingInstrument(params.funding_instrument_uri);
    const time = await this.timeOf(found);
    const created = await this.db.transaction(async (manager) =>
      chargeNewInstrument(manager, await lockInvoice(manager, guid), params.funding_instrument_uri, time),
    );
    await this.dispatcher.dispatch(created);
    return this.invoices.find(guid, company);
  }

  async cancel(guid: string, company: Company) {
    await this.invoices.findEntity(guid, company);
    await this.db.transaction(async (manager) => {
      const invoice = await lockInvoice(manager, guid);
      if (!canCancelInvoice(invoice.status)) throw invalidOperation(`A ${invoice.status} invoice cannot be canceled`);
      await cancelInvoiceCharges(manager, invoice);
      // Billy leaves updated_at alone on cancel (billy.md §5.3).
      await manager.update(Invoice, { guid }, { status: 'canceled', updatedAt: () => 'updated_at' });
    });
    return this.invoices.find(guid, company);
  }

  async refund(guid: string, params: RefundInvoiceParams, company: Company) {
    const time = await this.timeOf(await this.invoices.findEntity(guid, company));
    const created = await this.db.transaction(async (manager) => [
      await stageRefund(manager, await lockInvoice(manager, guid), params.amount, time),
    ]);
    await this.dispatcher.dispatch(created);
    return this.invoices.find(guid, company);
  }

  /** The invoice's customer's test clock and "now". */
  private async timeOf(invoice: Invoice): Promise<ChargeTime> {
    const { testClockGuid } = await this.db.repository(Customer).findOneByOrFail({ guid: invoice.customerGuid });
    return { testClockGuid, now: await this.customerClock.now({ testClockGuid }) };
  }
}
