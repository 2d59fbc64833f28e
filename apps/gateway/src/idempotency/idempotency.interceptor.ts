import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { SecretBox } from '@billy/crypto';
import { RequestTransaction, runInRequestTransaction } from '../database/request-transaction';
import { conflict, validationError } from '../http/api-error';
import { AuthenticatedRequest } from '../http/auth/current-company.decorator';
import { IdempotencyKeys, keyInProgress } from './idempotency-keys';
import { requestFingerprint } from './request-fingerprint';
import { fromStoredResponse, storedResponseAt, toStoredResponse } from './stored-response';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

type KeyedRequest = FastifyRequest & AuthenticatedRequest;

/**
 * `Idempotency-Key` on authenticated POSTs. Runs after the ApiKeyGuard, so the
 * company is known. The key row, the handler's writes and the stored response
 * commit in one database transaction; a repeat replays the stored response.
 * Failures are not stored: their writes and the key row roll back together.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly secretBox: SecretBox,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<KeyedRequest>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (request.method !== 'POST' || !request.company || header === undefined) return next.handle();
    return from(this.handle(request, http.getResponse<FastifyReply>(), validKey(header), next));
  }

  private async handle(request: KeyedRequest, reply: FastifyReply, key: string, next: CallHandler) {
    const companyGuid = (request.company as { guid: string }).guid;
    const fingerprint = requestFingerprint(request);
    this.keys.purgeOccasionally();

    const claim = await this.keys.claim(companyGuid, key, fingerprint);
    if (claim.kind === 'existing') {
      const { record } = claim;
      if (record.requestFingerprint !== fingerprint) {
        throw conflict(
          'IdempotencyKeyReused',
          'This Idempotency-Key was already used for a request with a different path or parameters',
        );
      }
      // Committed rows always hold a response; be safe rather than run the request twice.
      if (record.responseStatus === null) throw keyInProgress();
      void reply.status(record.responseStatus).header('Idempotent-Replayed', 'true');
      return fromStoredResponse(record.responseBody, this.secretBox, storedResponseAt(companyGuid, key));
    }

    const { queryRunner } = claim;
    const transaction: RequestTransaction = { manager: queryRunner.manager, afterCommit: [] };
    let result: unknown;
    try {
      result = await runInRequestTransaction(transaction, () => lastValueFrom(next.handle(), { defaultValue: null }));
      const stored = toStoredResponse(result, this.secretBox, storedResponseAt(companyGuid, key));
      await this.keys.storeResponse(queryRunner, companyGuid, key, reply.statusCode, stored);
      await queryRunner.commitTransaction();
    } finally {
      await this.keys.close(queryRunner);
    }
    for (const callback of transaction.afterCommit) {
      try {
        await callback();
      } catch (error) {
        this.logger.warn(`An after-commit step failed: ${(error as Error).message}`);
      }
    }
    return result;
  }
}

function validKey(header: string | string[]): string {
  const key = Array.isArray(header) ? header.join(', ') : header;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw validationError(`Idempotency-Key: must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  return key;
}
