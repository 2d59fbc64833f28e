import { Inject, Injectable } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { privateAddressOf, WebhookAttemptResult, webhookSignature } from '@billy/domain';
import { BILLY_CONFIG } from '@billy/platform';

/** How long an endpoint has to answer before the POST counts as failed. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookPost {
  url: string;
  body: string;
  secret: string;
  eventGuid: string;
}

/**
 * POSTs one signed event to an integrator's endpoint; never throws, the
 * failure is the result. An endpoint that resolves to a loopback or private
 * address is refused (a tenant must not reach Billy's own network) unless
 * BILLY_WEBHOOK_ALLOW_PRIVATE_URLS is set. The check is made just before the
 * POST; a DNS answer that changes in between is not caught.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(BILLY_CONFIG) private readonly config: BillyConfig) {}

  async post(post: WebhookPost): Promise<WebhookAttemptResult> {
    const startedAt = performance.now();
    const elapsed = () => Math.round(performance.now() - startedAt);
    try {
      const refused = this.config.webhooks.allowPrivateUrls ? null : await privateAddressOf(post.url);
      if (refused) {
        return {
          statusCode: null,
          error: `Refused: ${refused} is a loopback or private address`,
          durationMs: elapsed(),
        };
      }
      const response = await fetch(post.url, {
        method: 'POST',
        body: post.body,
        headers: {
          'Content-Type': 'application/json',
          'Billy-Signature': webhookSignature(post.secret, post.body, Math.floor(Date.now() / 1000)),
          'Billy-Event-Id': post.eventGuid,
        },
        // Traffic goes to the registered URL only: a redirect is an answer, not a hop.
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      // Only the status matters; dropping the body frees the connection at once.
      await response.body?.cancel();
      return { statusCode: response.status, error: null, durationMs: elapsed() };
    } catch (error) {
      return { statusCode: null, error: describeRequestError(error), durationMs: elapsed() };
    }
  }
}

/** A short reason an integrator can act on: a timeout, or the network error code (ECONNREFUSED, ENOTFOUND, …). */
function describeRequestError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `No answer within ${WEBHOOK_TIMEOUT_MS} ms`;
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
