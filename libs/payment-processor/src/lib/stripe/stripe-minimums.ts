/*
 * Stripe's smallest charge per currency, in the currency's minor unit, from
 * its "Minimum and maximum charge amounts" table (docs.stripe.com/currencies).
 * Stripe accepts other currencies from the equivalent of 0.50 USD, which
 * depends on the day's rate; for them Billy asks the contract's floor of 50
 * minor units and leaves the rest to Stripe's answer.
 */

const MINIMUMS: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

const FLOOR = 50;

export function stripeMinimumAmount(currency: string): number {
  return MINIMUMS[currency] ?? FLOOR;
}
