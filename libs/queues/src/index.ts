export * from './lib/queue-names';
export * from './lib/jobs';
export * from './lib/job-payloads';
export * from './lib/queue-settings';
export * from './lib/redis-connection';
export * from './lib/settlement-queue';
export * from './lib/webhook-queue';
