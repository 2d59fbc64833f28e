import type { FastifyInstance } from 'fastify';

/** Echoes the request id (the caller's X-Request-Id, or a new one) in the response, so one id follows a request. */
export function installRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
