import { MAX_AMOUNT } from '@billy/billing';
import type { Params } from '../model';
import { badCurrency, badFundingInstrument, badInteger, badOptionalText, badRequiredText } from '../values';
import {
  couponGuidBreaker,
  customerGuidBreaker,
  fundingInstrumentBreaker,
  liveCustomer,
  statementTextBreaker,
} from './charge-fields';
import { field } from './field';
import { itemBreakers } from './invoice-items';
import type { Operation } from './operation';
import { own } from './own';
import { createOp, getOp, listOp, subListOps, writeOp } from './standard-operations';

export const invoices: Operation[] = [
  createOp(
    'invoices',
    '/v1/invoices',
    {
      valid: (g) => ({
        customer_guid: liveCustomer(g),
        amount: g.rng.pick([0, 1, 1000, '2500']),
        ...(g.rng.chance(0.4) ? { funding_instrument_uri: '/cards/fuzz' } : {}),
        ...(g.rng.chance(0.3) ? { title: 'Fuzz invoice' } : {}),
        ...(g.rng.chance(0.3) ? { external_id: `ext-${g.rng.int(0, 1e9)}` } : {}),
        // Index 99 is never one a breaker picks.
        ...(g.rng.chance(0.3) ? { item_name99: 'Installation', item_amount99: '800' } : {}),
        // Never eur (see couponGuidBreaker), and a coupon only in the default usd: an amount off in usd fits no other.
        ...g.rng.pick<Params>([{}, { currency: g.rng.pick(['usd', 'JPY', 'gbp']) }, { coupon_guid: own(g, 'coupon') }]),
      }),
      breakers: [
        customerGuidBreaker,
        field('amount', (g) => badInteger(g.rng, 0, MAX_AMOUNT, true)),
        field('amount', (g) => badInteger(g.rng, 0, MAX_AMOUNT, true)),
        fundingInstrumentBreaker,
        field('title', (g) => badOptionalText(g.rng, 128)),
        field('external_id', (g) => badOptionalText(g.rng, 128)),
        statementTextBreaker,
        field('currency', (g) => badCurrency(g.rng)),
        couponGuidBreaker,
        ...itemBreakers,
      ],
    },
    {
      // The set-up gave invoice external_id "fuzz-1" to the first customer: a second one is a 409.
      state: (g) => ({
        label: 'duplicate-external-id',
        guid: '',
        params: { customer_guid: g.self.guids.customer[0], amount: g.rng.pick([0, 100]), external_id: 'fuzz-1' },
      }),
    },
  ),
  listOp('invoices', '/v1/invoices', [field('external_id', (g) => badOptionalText(g.rng, 128))]),
  getOp('invoices', '/v1/invoices/:guid', 'invoice'),
  writeOp(
    'invoices',
    'PUT',
    '/v1/invoices/:guid',
    'invoice',
    {
      valid: () => ({ funding_instrument_uri: '/cards/fuzz-update' }),
      breakers: [
        field('funding_instrument_uri', (g) =>
          g.rng.chance(0.5) ? badRequiredText(g.rng, 512) : badFundingInstrument(g.rng),
        ),
      ],
    },
    (g) => ({
      label: 'canceled-invoice',
      guid: g.self.canceledInvoice,
      params: { funding_instrument_uri: '/cards/fuzz-update' },
    }),
  ),
  {
    family: 'invoices',
    method: 'POST',
    route: '/v1/invoices/:guid/cancel',
    kind: 'invoice',
    state: (g) =>
      g.rng.chance(0.5)
        ? { label: 'already-canceled', guid: g.self.canceledInvoice }
        : { label: 'settled', guid: g.self.settledInvoice },
  },
  writeOp(
    'invoices',
    'POST',
    '/v1/invoices/:guid/refund',
    'invoice',
    {
      // A refund moves at least one cent.
      valid: (g) => ({ amount: g.rng.pick([1, 2, '100']) }),
      breakers: [field('amount', (g) => badInteger(g.rng, 1, MAX_AMOUNT, true))],
    },
    // No invoice of the fixtures has a settled debit: nothing can be refunded.
    (g) => ({
      label: 'nothing-to-refund',
      guid: g.rng.pick([...g.self.guids.invoice, g.self.settledInvoice, g.self.canceledInvoice]),
      params: { amount: g.rng.pick([1, 2, 100]) },
    }),
  ),
  ...subListOps('invoices', '/v1/invoices', 'invoice', ['transactions']),
];
