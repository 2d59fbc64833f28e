import type { FastifyInstance } from 'fastify';

/**
 * CORS for browser clients. Origins are matched exactly (extensions.md), not by
 * prefix as Billy did, so `http://localhost.evil.example` is not `http://localhost`.
 * The headers are set before routing, so error responses carry them too.
 */
export function installCors(fastify: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin.toLowerCase())) return;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS');
    reply.header('Access-Control-Allow-Headers', 'Content-Type,Authorization,Idempotency-Key,Billy-Signup-Token');
    // Lets browser clients see that a response was replayed.
    reply.header('Access-Control-Expose-Headers', 'Idempotent-Replayed');
    reply.header('Vary', 'Origin');
    if (request.method === 'OPTIONS') return reply.status(204).send();
  });
}
