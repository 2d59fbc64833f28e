import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { AfterCommit, currentRequestTransaction } from './request-transaction';

/**
 * The gateway's only way to the database. Inside a request transaction (an
 * idempotent POST) every call joins it, so the request's writes and its
 * idempotency record commit or roll back together; otherwise it uses the pool.
 */
@Injectable()
export class Db {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return currentRequestTransaction()?.manager ?? this.dataSource.manager;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /** A transaction of its own, or a savepoint inside the request's, so a caught error leaves the outer one usable. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.manager.transaction(work);
  }

  /** Runs `fn` once the request's transaction commits (never if it rolls back), or now when there is none. */
  async afterCommit(fn: AfterCommit): Promise<void> {
    const current = currentRequestTransaction();
    if (current) current.afterCommit.push(fn);
    else await fn();
  }
}
