export * from './lib/config.token';
export * from './lib/core.module';
export * from './lib/settlement-queue.provider';
