import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LinkQuality {
  latencyMs: number;
  /** The share of chunks that wait `stallMs` more, as a lost segment waits for its retransmission. */
  lossRate: number;
  stallMs: number;
}

const GOOD: LinkQuality = { latencyMs: 0, lossRate: 0, stallMs: 0 };

/**
 * A TCP relay from `listen` to `target` whose quality can be degraded while it runs: each chunk, each way,
 * waits the latency, and some a retransmission timeout more, in order. It stands in for `tc netem` on
 * kernels without it (this machine's): at the byte stream, a lost segment is a stall.
 */
export class SlowLink {
  private quality = GOOD;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly listen: { host: string; port: number },
    private readonly target: { host: string; port: number },
    private readonly random: () => number = Math.random,
  ) {
    this.server = createServer((client) => this.relay(client));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.listen.port, this.listen.host, resolve));
  }

  degrade(quality: LinkQuality): void {
    this.quality = quality;
  }

  heal(): void {
    this.quality = GOOD;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const server = createConnection(this.target);
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    this.forward(client, server);
    this.forward(server, client);
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  }

  /**
   * Copies `from` to `to`, each chunk once its delay from arrival has passed, in order: chunks in flight
   * overlap as on a real link, and a stalled one holds back those behind it.
   */
  private forward(from: Socket, to: Socket): void {
    let queue = Promise.resolve();
    from.on('data', (chunk) => {
      const { latencyMs, lossRate, stallMs } = this.quality;
      const dueAt = Date.now() + latencyMs + (this.random() < lossRate ? stallMs : 0);
      queue = queue.then(async () => {
        const waitMs = dueAt - Date.now();
        if (waitMs > 0) await sleep(waitMs);
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on('end', () => void queue.then(() => to.end()));
  }
}
