import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { GuardedLookup, refusingPrivateAddresses, webhookSignature, webhookUrlRefusal } from '@billy/webhooks';
import { WebhookAttemptResult } from '@billy/persistence';
import { BILLY_CONFIG } from '@billy/platform';

/** How long an endpoint has to answer before the POST counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookPost {
  url: string;
  body: string;
  secret: string;
  eventGuid: string;
}

/**
 * POSTs one signed event to an integrator's endpoint; never throws, the
 * failure is the result. An endpoint on a loopback or private address is
 * refused (a tenant must not reach Billy's own network), as is a port other
 * than 80 and 443, unless BILLY_WEBHOOK_ALLOW_PRIVATE_URLS is set: an IP
 * literal before connecting, a name by the connection's own DNS lookup.
 */
@Injectable()
export class WebhookSender {
  private readonly lookup: GuardedLookup | undefined;

  constructor(@Inject(BILLY_CONFIG) private readonly config: BillyConfig) {
    this.lookup = config.webhooks.allowPrivateUrls ? undefined : refusingPrivateAddresses();
  }

  async post(post: WebhookPost): Promise<WebhookAttemptResult> {
    const startedAt = performance.now();
    const elapsed = () => Math.round(performance.now() - startedAt);
    // Checked again here: the endpoint may predate the rule, or the setting may have changed.
    const refusal = webhookUrlRefusal(post.url, this.config.webhooks.allowPrivateUrls);
    if (refusal) return { statusCode: null, error: `Refused: ${refusal}`, durationMs: elapsed() };
    try {
      const statusCode = await this.send(post);
      return { statusCode, error: null, durationMs: elapsed() };
    } catch (error) {
      return { statusCode: null, error: describeRequestError(error), durationMs: elapsed() };
    }
  }

  // node:http rather than fetch, for its `lookup` option. It follows no
  // redirect: traffic goes to the registered URL only, a 3xx is an answer.
  private send(post: WebhookPost): Promise<number> {
    const url = new URL(post.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = request(url, {
        method: 'POST',
        lookup: this.lookup,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(post.body),
          'Billy-Signature': webhookSignature(post.secret, post.body, Math.floor(Date.now() / 1000)),
          'Billy-Event-Id': post.eventGuid,
        },
      });
      outgoing.on('response', (response) => {
        // Only the status matters; dropping the body frees the socket at once.
        response.destroy();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      outgoing.end(post.body);
    });
  }
}

/**
 * A short reason an integrator can act on: a timeout, a refused private
 * address, or the network error code (ECONNREFUSED, ENOTFOUND, …). Never
 * node's message, which names the address connected to: for a name, an
 * address in Billy's network is none of the tenant's business.
 */
function describeRequestError(error: unknown): string {
  const { code, message, cause } = error as NodeJS.ErrnoException & { cause?: { name?: string } };
  if (code === 'ABORT_ERR' && cause?.name === 'TimeoutError') return `No answer within ${WEBHOOK_TIMEOUT_MS} ms`;
  if (code === 'EPRIVATEADDRESS') return message;
  return code ?? 'The request failed';
}
