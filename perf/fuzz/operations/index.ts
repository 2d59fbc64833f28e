import { apiKeys } from './api-keys';
import { callbacks } from './callbacks';
import { companies } from './companies';
import { coupons } from './coupons';
import { customers } from './customers';
import { invoices } from './invoices';
import type { Operation } from './operation';
import { plans } from './plans';
import { subscriptions } from './subscriptions';
import { testClocks } from './test-clocks';
import { transactions } from './transactions';

export type { Breaker, Gen, Operation, Patch } from './operation';

/** Every endpoint the fuzzer sends bad requests to, family by family. */
export const OPERATIONS: readonly Operation[] = [
  ...companies,
  ...customers,
  ...plans,
  ...coupons,
  ...subscriptions,
  ...invoices,
  ...testClocks,
  ...transactions,
  ...callbacks,
  ...apiKeys,
];

/** The methods each route template answers, to find one it does not. */
export const METHODS_BY_ROUTE: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const operation of OPERATIONS) {
    const methods = map.get(operation.route) ?? new Set<string>();
    methods.add(operation.method);
    if (operation.method === 'GET') methods.add('HEAD');
    map.set(operation.route, methods);
  }
  return map;
})();
