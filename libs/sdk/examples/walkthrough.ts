// The walk-through with @billy/client: sign up, a plan, a customer, a subscription whose first invoice the
// payment worker settles, a partial refund, and an error. Run it against `npm start`:
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/sdk/examples/walkthrough.ts
// An example imports the package as its users do, not by a path inside it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Billy, BillyError, type Invoice } from '@billy/client';

const baseUrl = process.env.BILLY_URL ?? 'http://localhost:3000';

async function main(): Promise<void> {
  // Sign-up needs no key; the answer holds the company's API key, shown only once.
  const company = await new Billy({ baseUrl }).companies.create({ processor_key: 'my-processor-secret' });
  const billy = new Billy({ baseUrl, apiKey: company.api_key });

  const plan = await billy.plans.create({ plan_type: 'debit', frequency: 'monthly', amount: 500 });
  const customer = await billy.customers.create({});
  const subscription = await billy.subscriptions.create({
    customer_guid: customer.guid,
    plan_guid: plan.guid,
    funding_instrument_uri: '/cards/visa-4242',
  });
  console.log(`subscription ${subscription.guid} ${subscription.status}, next invoice ${subscription.next_invoice_at}`);

  // The first invoice is charged at once, by the payment worker.
  const invoice = await settledInvoiceOf(billy, subscription.guid);
  console.log(`invoice ${invoice.guid} ${invoice.status} ${invoice.effective_amount} ${invoice.currency}`);

  await billy.invoices.refund(invoice.guid, { amount: 300 });
  for await (const transaction of billy.invoices.transactions(invoice.guid)) {
    console.log(`transaction ${transaction.transaction_type} ${transaction.amount} ${transaction.submit_status}`);
  }

  try {
    await billy.invoices.refund(invoice.guid, { amount: 10_000 });
  } catch (error) {
    if (!(error instanceof BillyError)) throw error;
    console.log(`refused: ${error.status} ${error.errorClass}: ${error.message}`);
  }
}

async function settledInvoiceOf(billy: Billy, subscriptionGuid: string): Promise<Invoice> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { items } = await billy.subscriptions.invoices(subscriptionGuid, { limit: 1 });
    if (items[0]?.status === 'settled') return items[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the first invoice of ${subscriptionGuid} did not settle in 10 s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
