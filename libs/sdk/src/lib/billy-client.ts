import type { CallArgs, ItemOf, ListOperationId, OperationId, ResultOf } from './api-types';
import { OPERATIONS } from './generated/operations';
import { Page, PageList } from './page-list';
import { BillyOptions, Transport } from './transport';

/** Every resource's calls, each named by what it does and typed by its operation in the OpenAPI document. */
function resources(transport: Transport) {
  const call =
    <O extends OperationId>(id: O) =>
    (...args: CallArgs<O>) =>
      transport.call<ResultOf<O>>(id, args);
  const list =
    <O extends ListOperationId>(id: O) =>
    (...args: CallArgs<O>) => {
      // The query is the argument after the owner's GUID, when the list has an owner.
      const owned = OPERATIONS[id].path.includes('{guid}');
      const [owner, query = {}, options] = owned ? args : [undefined, ...args];
      const fetchPage = (page: Record<string, unknown>) =>
        transport.call<Page<ItemOf<O>>>(id, owned ? [owner, page, options] : [page, options]);
      return new PageList(fetchPage, query as Record<string, unknown>);
    };

  return {
    companies: {
      create: call('createCompany'),
      retrieve: call('retrieveCompany'),
      update: call('updateCompany'),
      rotateKey: call('rotateCompanyKey'),
    },
    apiKeys: { create: call('createApiKey'), list: list('listApiKeys'), revoke: call('revokeApiKey') },
    plans: {
      create: call('createPlan'),
      list: list('listPlans'),
      retrieve: call('retrievePlan'),
      delete: call('deletePlan'),
      customers: list('listPlanCustomers'),
      subscriptions: list('listPlanSubscriptions'),
      invoices: list('listPlanInvoices'),
      transactions: list('listPlanTransactions'),
    },
    customers: {
      create: call('createCustomer'),
      list: list('listCustomers'),
      retrieve: call('retrieveCustomer'),
      delete: call('deleteCustomer'),
      subscriptions: list('listCustomerSubscriptions'),
      invoices: list('listCustomerInvoices'),
      transactions: list('listCustomerTransactions'),
    },
    coupons: {
      create: call('createCoupon'),
      list: list('listCoupons'),
      retrieve: call('retrieveCoupon'),
      delete: call('deleteCoupon'),
    },
    subscriptions: {
      create: call('createSubscription'),
      list: list('listSubscriptions'),
      retrieve: call('retrieveSubscription'),
      update: call('updateSubscription'),
      cancel: call('cancelSubscription'),
      pause: call('pauseSubscription'),
      resume: call('resumeSubscription'),
      upcomingInvoice: call('retrieveUpcomingInvoice'),
      invoices: list('listSubscriptionInvoices'),
      transactions: list('listSubscriptionTransactions'),
    },
    invoices: {
      create: call('createInvoice'),
      list: list('listInvoices'),
      retrieve: call('retrieveInvoice'),
      update: call('updateInvoice'),
      cancel: call('cancelInvoice'),
      refund: call('refundInvoice'),
      transactions: list('listInvoiceTransactions'),
    },
    transactions: { list: list('listTransactions'), retrieve: call('retrieveTransaction') },
    events: { list: list('listEvents'), retrieve: call('retrieveEvent') },
    webhookEndpoints: {
      create: call('createWebhookEndpoint'),
      list: list('listWebhookEndpoints'),
      retrieve: call('retrieveWebhookEndpoint'),
      delete: call('deleteWebhookEndpoint'),
      deliveries: list('listWebhookEndpointDeliveries'),
    },
    testClocks: {
      create: call('createTestClock'),
      list: list('listTestClocks'),
      retrieve: call('retrieveTestClock'),
      advance: call('advanceTestClock'),
      delete: call('deleteTestClock'),
    },
    auditLog: { list: list('listAuditLog') },
    reports: { summary: call('retrieveReportSummary'), revenue: call('retrieveRevenueReport') },
    server: { info: call('getServerInfo') },
  };
}

type Resources = ReturnType<typeof resources>;

/**
 * The Billy API: `new Billy({ apiKey, baseUrl })`, then `billy.subscriptions.create({...})`. A failed call
 * throws BillyError (an answer) or BillyConnectionError (none, after the retries).
 */
export class Billy implements Resources {
  declare readonly companies: Resources['companies'];
  declare readonly apiKeys: Resources['apiKeys'];
  declare readonly plans: Resources['plans'];
  declare readonly customers: Resources['customers'];
  declare readonly coupons: Resources['coupons'];
  declare readonly subscriptions: Resources['subscriptions'];
  declare readonly invoices: Resources['invoices'];
  declare readonly transactions: Resources['transactions'];
  declare readonly events: Resources['events'];
  declare readonly webhookEndpoints: Resources['webhookEndpoints'];
  declare readonly testClocks: Resources['testClocks'];
  declare readonly auditLog: Resources['auditLog'];
  declare readonly reports: Resources['reports'];
  declare readonly server: Resources['server'];

  constructor(options: BillyOptions = {}) {
    Object.assign(this, resources(new Transport(options)));
  }
}
