import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether Billy-Signature matched the body under the receiver's secret. */
  signatureValid: boolean;
}

/**
 * An integrator's endpoint on 127.0.0.1: it checks each POST's signature the
 * way the README tells integrators to, and answers the scripted statuses in
 * turn, repeating the last one.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];

  private constructor(
    private readonly server: Server,
    private readonly secret: string,
    private readonly statuses: number[],
  ) {}

  static async start(secret: string, statuses: number[]): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, secret, statuses);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        receiver.received.push({
          headers: request.headers,
          body,
          signatureValid: receiver.verify(request.headers, body),
        });
        const status = statuses[Math.min(receiver.received.length, statuses.length) - 1];
        response.writeHead(status).end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/billy-hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private verify(headers: IncomingHttpHeaders, body: string): boolean {
    const fields = new Map(
      String(headers['billy-signature'] ?? '')
        .split(',')
        .map((field) => field.split('=') as [string, string]),
    );
    const expected = createHmac('sha256', this.secret)
      .update(`${fields.get('t')}.${body}`)
      .digest();
    const given = Buffer.from(fields.get('v1') ?? '', 'hex');
    const fresh = Math.abs(Date.now() / 1000 - Number(fields.get('t'))) <= 300;
    return fresh && given.length === expected.length && timingSafeEqual(given, expected);
  }
}
