import { HttpException } from '@nestjs/common';
import { ProcessorError } from '@billy/payment-processor';
import { ApiError } from './api-error';

const CLASS_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  401: 'AuthenticationError',
  403: 'PermissionDenied',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  414: 'URITooLong',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

// pg-pool's error when no connection freed up within BILLY_DB_ACQUIRE_TIMEOUT_MS.
const POOL_ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';

interface FastifyLikeError {
  statusCode?: number;
  message?: string;
}

/**
 * Maps anything thrown while handling a request to an ApiError, or null for an
 * unexpected failure (a 500, which the caller logs). The gateway calls
 * processors only to validate, so none of these follow a money movement. Body-parser errors from
 * Fastify carry a 4xx statusCode and are the client's fault.
 */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ProcessorError && error.kind === 'invalid') {
    return new ApiError(400, error.errorClass, error.message);
  }
  // The processor could not be reached or asked us to slow down: nothing was changed, try again.
  if (error instanceof ProcessorError && error.kind === 'transient') {
    return new ApiError(503, error.errorClass, error.message);
  }
  // Every pooled connection is busy: nothing was done, try again.
  if (error instanceof Error && error.message === POOL_ACQUIRE_TIMEOUT) {
    return new ApiError(503, 'ServiceUnavailableError', 'The service is busy; retry in a moment');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return new ApiError(
      status,
      CLASS_BY_STATUS[status] ?? (status >= 500 ? 'ServerError' : 'BadRequest'),
      error.message,
    );
  }
  const statusCode = (error as FastifyLikeError | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ApiError(statusCode, CLASS_BY_STATUS[statusCode] ?? 'BadRequest', describe(error as FastifyLikeError));
  }
  return null;
}

function describe(error: FastifyLikeError): string {
  // Fastify's messages are safe to show (they describe the request, not the server).
  return error.message || 'Bad request';
}
