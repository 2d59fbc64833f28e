import cluster from 'node:cluster';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { AggregatorRegistry } from 'prom-client';

const send = (response: ServerResponse, status: number, type: string, body: string) =>
  void response.writeHead(status, { 'content-type': type }).end(body);

/**
 * The operations port of a gateway primary (BILLY_GATEWAY_PROCESSES > 1), where the forks open none: /metrics
 * is the sum of every fork's (prom-client asks each over the cluster's IPC channel), /health answers while the
 * primary runs, and /ready once all `wanted` forks listen; each fork still checks its own database on the
 * API port's /ready. A scrape while a fork boots fails (prom-client waits 5 s for every fork), and the
 * next one counts it.
 */
export function servePrimaryOps(port: number, wanted: number): Server {
  const listening = new Set<number>();
  cluster.on('listening', (fork) => listening.add(fork.id));
  cluster.on('exit', (fork) => listening.delete(fork.id));
  const registry = new AggregatorRegistry();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/health') return send(response, 200, 'application/json', '{"status":"ok"}');
    if (path === '/ready') {
      const running = Object.values(cluster.workers ?? {}).filter((fork) => fork?.isConnected()).length;
      const ready = running >= wanted;
      return send(
        response,
        ready ? 200 : 503,
        'application/json',
        JSON.stringify({ status: ready ? 'ok' : 'error', running, wanted }),
      );
    }
    if (path !== '/metrics') return send(response, 404, 'application/json', '{"error":"not found"}');
    registry.clusterMetrics().then(
      (body) => send(response, 200, registry.contentType, body),
      (error: Error) => send(response, 500, 'application/json', JSON.stringify({ error: error.message })),
    );
  });
  return server.listen(port);
}
