import { Injectable } from '@nestjs/common';
import { AuditLogEntry } from '@billy/persistence';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { runOutsideRequestTransaction } from '../database/request-transaction';
import { Page, findPage, newestOf } from '../http/pagination';

export type NewAuditLogEntry = Pick<
  AuditLogEntry,
  'companyGuid' | 'apiKeyId' | 'method' | 'path' | 'resourceGuid' | 'status'
>;

@Injectable()
export class AuditLogService {
  constructor(private readonly db: Db) {}

  /** Written on its own, never inside a request's transaction: the entry outlives a rollback. */
  record(entry: NewAuditLogEntry): Promise<void> {
    return runOutsideRequestTransaction(async () => {
      await this.db.repository(AuditLogEntry).insert({ guid: newGuid('auditLogEntry'), ...entry });
    });
  }

  list(page: Page, companyGuid: string): Promise<AuditLogEntry[]> {
    return findPage(this.db.repository(AuditLogEntry), newestOf('company_guid', companyGuid), page);
  }
}
