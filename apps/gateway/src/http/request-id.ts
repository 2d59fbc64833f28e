import type { FastifyInstance } from 'fastify';

/**
 * Echoes the request id in the response and hands it to the request logger
 * (pino-http reads the raw header), so one id follows a request everywhere.
 */
export function installRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    request.raw.headers['x-request-id'] = request.id;
    reply.header('x-request-id', request.id);
  });
}
