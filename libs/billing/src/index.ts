export * from './lib/schedule';
export * from './lib/invoice-status';
export * from './lib/transaction-status';
export * from './lib/retry-policy';
export * from './lib/money';
export * from './lib/webhook-retry-schedule';
