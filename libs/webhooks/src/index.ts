export * from './lib/webhook-signature';
export * from './lib/webhook-secret';
export * from './lib/private-address';
