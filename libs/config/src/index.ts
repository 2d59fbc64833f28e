export * from './lib/config';
export { LOG_FORMATS, WORKER_QUEUES } from './lib/environment';
export type { LogFormat, WorkerQueue } from './lib/environment';
