import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toApiError } from './exception-to-api-error';

/*
 * Errors Fastify answers before any Nest route, filter or hook runs. By default
 * their bodies are Fastify's own (`{"error", "message", "statusCode"}`); these
 * handlers give them Billy's JSON error body like every other error.
 */

/**
 * A request URL Fastify cannot route: malformed percent-encoding (400) or a
 * path parameter longer than the router allows (414).
 */
export function answerFrameworkError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
  const apiError = toApiError(error);
  void reply
    .status(apiError?.status ?? 500)
    .send(apiError?.toBody() ?? { error_class: 'InternalServerError', error_message: 'Internal server error' });
}

interface ConnectionError extends Error {
  code?: string;
}

/**
 * Bytes Node's HTTP parser rejects (an unknown method, headers over the size
 * limit, a request that never finishes): answered on the raw socket, which is
 * then closed, as Node and Fastify do.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, errorClass, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'RequestHeaderFieldsTooLarge', 'The request headers are larger than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'RequestTimeout', 'The request was not received in time']
        : [400, 'BadRequest', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error_class: errorClass, error_message: message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
