export * from './lib/test-config';
