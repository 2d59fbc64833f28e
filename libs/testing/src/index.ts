export * from './lib/test-environment';
export * from './lib/delete-redis-keys';
export * from './lib/factories';
export * from './lib/poll-until';
export * from './lib/app-process';
export * from './lib/free-port';
export * from './lib/fake-stripe/fake-stripe-api';
export * from './lib/fake-stripe/fake-stripe-server';
