export * from './lib/api-types';
export * from './lib/billy-client';
export * from './lib/billy-error';
export * from './lib/page-list';
export * from './lib/retry-policy';
export * from './lib/transport';
export * from './lib/webhook-signature';
