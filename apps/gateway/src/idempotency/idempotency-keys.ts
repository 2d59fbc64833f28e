import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { IdempotencyKey } from '@billy/persistence';
import { conflict } from '../http/api-error';

/** How long a duplicate waits for the first request's uncommitted key row before it is told "in progress". */
const LOCK_TIMEOUT = '100ms';
const PURGE_EVERY_MS = 60_000;
const RETENTION = `interval '24 hours'`;

export type Claim =
  /** The key is ours: the request runs in this open transaction, which holds the key row. */
  | { kind: 'claimed'; queryRunner: QueryRunner }
  /** A request with this key already committed within the retention window. */
  | { kind: 'existing'; record: IdempotencyKey };

export const keyInProgress = () =>
  conflict(
    'IdempotencyKeyInProgress',
    'A request with this Idempotency-Key is still being processed; retry once it has finished',
  );

/** The `idempotency_keys` table: claiming a key, storing the response, purging old rows. */
@Injectable()
export class IdempotencyKeys {
  private readonly logger = new Logger(IdempotencyKeys.name);
  private lastPurge = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Opens a transaction and inserts the key row. A concurrent duplicate holds
   * an uncommitted row with the same key, which would make us wait: the short
   * lock_timeout turns that wait into "in progress". A row older than the
   * retention window is taken over as if it did not exist.
   */
  async claim(companyGuid: string, key: string, fingerprint: string): Promise<Claim> {
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      await queryRunner.startTransaction();
      await queryRunner.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      const inserted = (await queryRunner.query(
        `INSERT INTO idempotency_keys (company_guid, idempotency_key, request_fingerprint, created_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (company_guid, idempotency_key) DO UPDATE
           SET request_fingerprint = EXCLUDED.request_fingerprint, created_at = EXCLUDED.created_at,
               response_status = NULL, response_body = NULL
           WHERE idempotency_keys.created_at < now() - ${RETENTION}
         RETURNING company_guid`,
        [companyGuid, key, fingerprint],
      )) as unknown[];
      await queryRunner.query(`SET LOCAL lock_timeout = DEFAULT`);
      if (inserted.length === 1) return { kind: 'claimed', queryRunner };
      const record = await queryRunner.manager.findOneByOrFail(IdempotencyKey, { companyGuid, idempotencyKey: key });
      await this.close(queryRunner);
      return { kind: 'existing', record };
    } catch (error) {
      await this.close(queryRunner);
      if (sqlState(error) === '55P03') throw keyInProgress();
      throw error;
    }
  }

  /** Stores the response on the claimed row; the caller commits. */
  async storeResponse(claim: QueryRunner, companyGuid: string, key: string, status: number, body: unknown) {
    await claim.manager.update(
      IdempotencyKey,
      { companyGuid, idempotencyKey: key },
      // TypeORM serialises json columns itself; null stays SQL NULL.
      { responseStatus: status, responseBody: (body ?? null) as never },
    );
  }

  /** Rolls back if still open, and returns the connection to the pool. */
  async close(queryRunner: QueryRunner): Promise<void> {
    try {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    } finally {
      await queryRunner.release();
    }
  }

  /** Deletes rows past the retention window, at most once a minute per process; never fails the caller. */
  purgeOccasionally(): void {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.dataSource
      .query(`DELETE FROM idempotency_keys WHERE created_at < now() - ${RETENTION}`)
      .catch((error: Error) => this.logger.warn(`Could not purge old idempotency keys: ${error.message}`));
  }
}

function sqlState(error: unknown): string | undefined {
  const candidate = error as { code?: string; driverError?: { code?: string } } | null;
  return candidate?.driverError?.code ?? candidate?.code;
}
