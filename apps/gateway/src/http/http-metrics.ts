import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';

/** Its _count is the requests by route and status; the route is the pattern, so secrets in paths stay out. */
const requestDuration = new Histogram({
  name: 'billy_http_request_duration_seconds',
  help: 'API requests answered, by method, route pattern and status, with how long each took',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Records every answered request in billy_http_request_duration_seconds (served on BILLY_OPS_PORT). */
export function installHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    // Paths no route matched share one label: a scanner's URLs must not each make a series.
    const route = request.routeOptions.url ?? 'unmatched';
    requestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
