export * from './lib/webhook-signature';
export * from './lib/webhook-secret';
export * from './lib/private-address';
export * from './lib/webhook-url-refusal';
