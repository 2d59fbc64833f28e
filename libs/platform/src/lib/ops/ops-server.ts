import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AggregatorRegistry, collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { createRedisClient, type RedisClient } from '@billy/queues';
import { BILLY_CONFIG } from '../config.token';
import { withTimeout } from '../with-timeout';

/**
 * app: the app's name (gateway, scheduler, payment-worker), the `app` label of every series it exports.
 * readyNeedsRedis: whether /ready checks Redis as well as PostgreSQL.
 */
export interface OpsOptions {
  app: string;
  readyNeedsRedis: boolean;
}

export const OPS_OPTIONS = Symbol('OPS_OPTIONS');

const CHECK_TIMEOUT_MS = 1_000;
// The scheduler's queue figures are read from Redis at each scrape.
const METRICS_TIMEOUT_MS = 5_000;

type Check = { status: 'up' } | { status: 'down'; message: string };

/**
 * The operations port (BILLY_OPS_PORT) of any app, for its orchestrator and Prometheus: `/health` (the
 * process answers), `/ready` (what the app needs answers, else 503) and `/metrics` (the Prometheus text
 * format). Separate from the API so that probes and scrapes need no API key and never reach the internet.
 */
@Injectable()
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpsServer.name);
  private server?: Server;
  private redis?: RedisClient;

  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    @Inject(OPS_OPTIONS) private readonly options: OpsOptions,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port } = this.config.ops;
    if (port === null) return;
    register.setDefaultLabels({ app: this.options.app });
    collectDefaultMetrics();
    // A gateway fork (BILLY_GATEWAY_PROCESSES > 1): its primary serves the port, summing the forks' metrics.
    // Making an AggregatorRegistry is what makes a fork answer the primary's requests for its metrics.
    if (cluster.isWorker) return void new AggregatorRegistry();
    // No offline queue: a readiness check must fail fast when Redis is down, not wait.
    this.redis = createRedisClient(this.config.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
    this.server = createServer((request, response) => void this.answer(request, response));
    this.server.listen(port);
    await once(this.server, 'listening');
    this.logger.log({ msg: 'Operations port open', port });
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.route(request, response);
    } catch (error) {
      // A scrape that meets Redis failing over: Prometheus records the failed scrape and tries again.
      this.logger.warn({ msg: 'Operations request failed', url: request.url, err: error });
      if (!response.headersSent) send(response, 500, { error: (error as Error).message });
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(response, 405, { error: 'only GET' });
    switch (path) {
      case '/health':
        return send(response, 200, { status: 'ok' });
      case '/ready': {
        const checks = {
          postgres: await this.checkPostgres(),
          ...(this.options.readyNeedsRedis ? { redis: await this.checkRedis() } : {}),
        };
        const ready = Object.values(checks).every((check) => check.status === 'up');
        return send(response, ready ? 200 : 503, { status: ready ? 'ok' : 'error', checks });
      }
      case '/metrics': {
        const body = await withTimeout(register.metrics(), METRICS_TIMEOUT_MS);
        response.writeHead(200, { 'content-type': register.contentType }).end(body);
        return;
      }
      default:
        return send(response, 404, { error: 'not found' });
    }
  }

  private checkPostgres(): Promise<Check> {
    return check(this.dataSource.query('SELECT 1'));
  }

  private checkRedis(): Promise<Check> {
    return check((this.redis as RedisClient).ping());
  }
}

async function check(probe: Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(probe, CHECK_TIMEOUT_MS);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  }
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
