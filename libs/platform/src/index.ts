export * from './lib/config.token';
export * from './lib/root-logger.token';
export * from './lib/core.module';
export * from './lib/settlement-queue.provider';
export * from './lib/webhook-queue.provider';
export * from './lib/run-app';
export * from './lib/enqueue-committed';
