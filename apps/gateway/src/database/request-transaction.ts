import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

export type AfterCommit = () => Promise<void> | void;

/** The database transaction a whole request runs in (an idempotent POST), and what to do once it commits. */
export interface RequestTransaction {
  manager: EntityManager;
  afterCommit: AfterCommit[];
}

const storage = new AsyncLocalStorage<RequestTransaction>();

export function currentRequestTransaction(): RequestTransaction | undefined {
  return storage.getStore();
}

/** Runs `work` so that every Db call it makes, however deep, uses `transaction`. */
export function runInRequestTransaction<T>(transaction: RequestTransaction, work: () => Promise<T>): Promise<T> {
  return storage.run(transaction, work);
}

/** Runs `work` outside any request transaction (e.g. a log write that must survive a rollback). */
export function runOutsideRequestTransaction<T>(work: () => T): T {
  return storage.exit(work);
}
