import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * The URL as logs may keep it: without the query string, where parameters
 * (and so secrets) may travel, and without the callback key, which is a
 * credential in the path.
 */
export function loggableUrl(url: string): string {
  // The router ignores repeated slashes (`callbacks//<key>`) and a key may be sent with any case.
  return url.split('?')[0].replace(/(\/callbacks)\/+[^/]+/i, '$1/[hidden]');
}

/**
 * One JSON line per answered request, as pino-http wrote it: `req` (id,
 * method, URL), `res` (status) and `responseTime` in milliseconds. The request
 * id is the one http/request-id.ts echoes to the caller.
 */
export function installRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (logger.isLevelEnabled('info')) {
      logger.info(
        {
          req: { id: request.id, method: request.method, url: loggableUrl(request.url) },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
