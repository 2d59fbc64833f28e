import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from '../http/auth/current-company.decorator';
import { loggableUrl } from '../http/request-log';
import { AuditLogService } from './audit-log.service';

const AUDITED_METHODS = new Set(['POST', 'PUT', 'DELETE']);
const MAX_PATH_LENGTH = 2048;
const MAX_GUID_LENGTH = 64;

/**
 * Records every write sent with a valid API key once its response is known.
 * onSend, not onResponse, so the entry is visible as soon as the client has
 * its answer; a failed write is logged and never fails the request.
 */
export function installAuditLog(fastify: FastifyInstance, auditLog: AuditLogService): void {
  const logger = new Logger('AuditLog');
  fastify.addHook('onSend', async (request: FastifyRequest & AuthenticatedRequest, reply: FastifyReply, payload) => {
    const { company, apiKey } = request;
    if (!company || !apiKey || !AUDITED_METHODS.has(request.method)) return payload;
    try {
      const path = request.url.split('?')[0];
      await auditLog.record({
        companyGuid: company.guid,
        // The GUID of the key (AK…), as GET /v1/api_keys lists it.
        apiKeyId: apiKey.guid,
        method: request.method,
        path: path.slice(0, MAX_PATH_LENGTH),
        resourceGuid: resourceGuidOf(path, reply.statusCode, payload),
        status: reply.statusCode,
      });
    } catch (error) {
      logger.error(
        `Could not record ${request.method} ${loggableUrl(request.url)} in the audit log: ${(error as Error).message}`,
      );
    }
    return payload;
  });
}

/** The GUID in the path (`/v1/<resources>/<guid>/…`), else the guid of the resource a successful create returned. */
function resourceGuidOf(path: string, status: number, payload: unknown): string | null {
  const inPath = path.split('/').filter(Boolean)[2];
  if (inPath) return inPath.slice(0, MAX_GUID_LENGTH);
  if (status < 200 || status >= 300 || typeof payload !== 'string') return null;
  try {
    const guid = (JSON.parse(payload) as { guid?: unknown } | null)?.guid;
    return typeof guid === 'string' ? guid.slice(0, MAX_GUID_LENGTH) : null;
  } catch {
    return null;
  }
}
