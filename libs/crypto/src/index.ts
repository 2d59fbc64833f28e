export * from './lib/base58';
export * from './lib/guid';
export * from './lib/secret-key';
export * from './lib/api-key-hash';
export * from './lib/secret-box';
