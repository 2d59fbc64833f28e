export * from './lib/config';
export { DEVELOPMENT_SECRET_KEY } from './lib/secret-key-problems';
export { LOG_FORMATS, WORKER_QUEUES } from './lib/environment';
export type { LogFormat, WorkerQueue } from './lib/environment';
