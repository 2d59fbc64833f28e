import type { Stack, StackCompany } from './stack';

export interface InvoiceBody {
  guid: string;
  status: string;
}

export interface TransactionBody {
  guid: string;
  transaction_type: string;
  submit_status: string;
  status: string | null;
  amount: number;
  failure_count: number;
}

/** The billing calls the end-to-end specs make, for one company and customer. */
export class Billing {
  private constructor(
    private readonly stack: Stack,
    readonly company: StackCompany,
    readonly customerGuid: string,
  ) {}

  static async forNewCustomer(stack: Stack): Promise<Billing> {
    const company = await stack.company();
    const { body } = await stack.send<{ guid: string }>('POST', '/v1/customers', company.auth, {});
    return new Billing(stack, company, body.guid);
  }

  async invoice(fundingInstrumentUri: string, amount = 1000): Promise<InvoiceBody> {
    const answer = await this.stack.send<InvoiceBody>('POST', '/v1/invoices', this.company.auth, {
      customer_guid: this.customerGuid,
      amount,
      funding_instrument_uri: fundingInstrumentUri,
    });
    return answer.body;
  }

  /** The first invoice of a new monthly subscription to a plan of the given type. */
  async subscriptionInvoice(planType: 'debit' | 'credit', fundingInstrumentUri: string): Promise<InvoiceBody> {
    const plan = await this.stack.send<{ guid: string }>('POST', '/v1/plans', this.company.auth, {
      plan_type: planType,
      frequency: 'monthly',
      amount: 1000,
    });
    const subscription = await this.stack.send<{ guid: string }>('POST', '/v1/subscriptions', this.company.auth, {
      customer_guid: this.customerGuid,
      plan_guid: plan.body.guid,
      funding_instrument_uri: fundingInstrumentUri,
    });
    const invoices = await this.stack.send<{ items: InvoiceBody[] }>(
      'GET',
      `/v1/subscriptions/${subscription.body.guid}/invoices`,
      this.company.auth,
    );
    return invoices.body.items[0];
  }

  async transactions(invoiceGuid: string): Promise<TransactionBody[]> {
    const path = `/v1/invoices/${invoiceGuid}/transactions`;
    return (await this.stack.send<{ items: TransactionBody[] }>('GET', path, this.company.auth)).body.items;
  }

  async get(invoiceGuid: string): Promise<InvoiceBody> {
    return (await this.stack.send<InvoiceBody>('GET', `/v1/invoices/${invoiceGuid}`, this.company.auth)).body;
  }

  untilInvoice(invoiceGuid: string, status: string): Promise<InvoiceBody> {
    return this.stack.until<InvoiceBody>(`/v1/invoices/${invoiceGuid}`, this.company.auth, (i) => i.status === status);
  }

  /** Polls the invoice's transactions until `done` accepts them. */
  async untilTransactions(
    invoiceGuid: string,
    done: (transactions: TransactionBody[]) => boolean,
  ): Promise<TransactionBody[]> {
    const path = `/v1/invoices/${invoiceGuid}/transactions`;
    const list = await this.stack.until<{ items: TransactionBody[] }>(path, this.company.auth, (l) => done(l.items));
    return list.items;
  }

  /** An invoice action, answered with whatever status it gives. */
  act(method: 'PUT' | 'POST', path: string, body?: object) {
    return this.stack.request<{ error_class?: string }>(method, path, this.company.auth, body);
  }
}
