export * from './lib/test-environment';
export * from './lib/delete-redis-keys';
export * from './lib/factories';
export * from './lib/poll-until';
